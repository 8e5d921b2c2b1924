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

resource "google_pubsub_subscription" "events_to_bigquery" {
  name  = "${var.name_prefix}-events-to-bigquery"
  topic = google_pubsub_topic.events.id

  bigquery_config {
    table          = "${google_bigquery_table.runs.project}.${google_bigquery_table.runs.dataset_id}.${google_bigquery_table.runs.table_id}"
    write_metadata = true
  }

  depends_on = [google_bigquery_table_iam_member.pubsub_writes_runs]
}

# the Pub/Sub service agent writes the subscription's rows
resource "google_bigquery_table_iam_member" "pubsub_writes_runs" {
  dataset_id = google_bigquery_table.runs.dataset_id
  table_id   = google_bigquery_table.runs.table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  depends_on = [time_sleep.apis_ready]
}
