# one topic per stage: publishing to it asks that stage to run (the scheduler, the stage before,
# or an operator's replay)
resource "google_pubsub_topic" "stage" {
  for_each   = toset(local.stages)
  name       = "${var.name_prefix}-${each.key}"
  depends_on = [google_project_service.required]
}

# run events: started / succeeded / failed, from every stage
resource "google_pubsub_topic" "events" {
  name       = "${var.name_prefix}-events"
  depends_on = [google_project_service.required]
}

# the subscription writes the runs table as an account of ours (one that exists before it), not as
# the Pub/Sub service agent, which a fresh project may not have yet
resource "google_service_account" "runs_writer" {
  account_id   = "${var.name_prefix}-runs-writer"
  display_name = "Cradle run events into BigQuery (Pub/Sub subscription)"
  depends_on   = [google_project_service.required]
}

resource "google_pubsub_subscription" "events_to_bigquery" {
  name  = "${var.name_prefix}-events-to-bigquery"
  topic = google_pubsub_topic.events.id

  bigquery_config {
    table                 = "${google_bigquery_table.runs.project}.${google_bigquery_table.runs.dataset_id}.${google_bigquery_table.runs.table_id}"
    write_metadata        = true
    service_account_email = google_service_account.runs_writer.email
  }

  depends_on = [
    google_bigquery_table_iam_member.runs_writer_writes_runs,
    google_service_account_iam_member.pubsub_agent_acts_as_runs_writer,
  ]
}

resource "google_bigquery_table_iam_member" "runs_writer_writes_runs" {
  dataset_id = google_bigquery_table.runs.dataset_id
  table_id   = google_bigquery_table.runs.table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.runs_writer.email}"
}

# the Pub/Sub service agent mints the writer's tokens (Pub/Sub docs, BigQuery subscriptions with a
# service account: the agent needs iam.serviceAccounts.getAccessToken on it)
resource "google_service_account_iam_member" "pubsub_agent_acts_as_runs_writer" {
  service_account_id = google_service_account.runs_writer.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = google_project_service_identity.agent["pubsub.googleapis.com"].member
}
