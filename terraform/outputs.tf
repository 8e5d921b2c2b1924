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
  description = "The database publish writes (the app reads reports from this URL) and the commands that deploy its rules."
  value = {
    url = local.reports_database_url
    deploy_rules = var.shared_database_url == null ? join(" && ", [
      "firebase target:apply database reports ${google_firebase_database_instance.reports["reports"].instance_id} --project ${var.project_id}",
      "firebase deploy --only database:reports --project ${var.project_id}",
    ]) : "merge docs/database.rules.fragment.json into the shared database's rules (never replace them)"
  }
}
