output "topics" {
  description = "Topic of each stage: publish a message to one to (re)run that stage."
  value       = { for stage, topic in google_pubsub_topic.stage : stage => topic.name }
}

output "events_topic" {
  description = "Topic that carries the run events (also written to the runs table)."
  value       = google_pubsub_topic.events.name
}

output "functions" {
  description = "Name of each stage's Cloud Function."
  value       = { for stage, f in google_cloudfunctions2_function.stage : stage => f.name }
}

output "artifacts_bucket" {
  description = "Bucket of run artifacts: runs/DATE/RUN_ID/{analysis,notebook,report}/."
  value       = google_storage_bucket.artifacts.name
}

output "dataset" {
  description = "BigQuery dataset holding events, babies, report_inputs and runs."
  value       = google_bigquery_dataset.cradle.dataset_id
}

output "function_environment" {
  description = "The settings each function reads, as deployed."
  value       = local.function_env
}

output "run_now" {
  description = "Start a run of yesterday by hand."
  value       = "gcloud pubsub topics publish ${google_pubsub_topic.stage["analyze"].name} --project ${var.project_id} --message '{}'"
}

output "reports_database" {
  description = "The databases publish writes: url is shard 0's (the only one unless sharded), urls every shard's in shard order (the app reads a family's reports from urls[shard], docs/sharding.md); and the commands that deploy the rules to every instance."
  value = {
    url    = local.reports_database_url
    urls   = local.reports_database_urls
    shards = length(local.reports_database_urls)
    deploy_rules = var.shared_database_url == null ? join(" && ", [
      "firebase target:apply database reports ${join(" ", [for key in local.database_shard_keys : google_firebase_database_instance.reports[key].instance_id])} --project ${var.project_id}",
      "firebase deploy --only database:reports --project ${var.project_id}",
    ]) : "merge docs/database.rules.fragment.json into the shared database's rules (never replace them)"
  }
}
