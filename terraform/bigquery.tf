locals {
  schema_dir = "${path.module}/../functions/analyze/src/main/resources/cradle/analyze/schema"
}

resource "google_bigquery_dataset" "cradle" {
  dataset_id = replace(var.name_prefix, "-", "_")
  location   = var.bigquery_location
  depends_on = [google_project_service.required]
}

# the app's activity log, loaded by the app's own export; partitioned by the event's day
resource "google_bigquery_table" "events" {
  dataset_id          = google_bigquery_dataset.cradle.dataset_id
  table_id            = "events"
  schema              = file("${local.schema_dir}/events.json")
  deletion_protection = true

  time_partitioning {
    type  = "DAY"
    field = "started_at"
  }

  clustering = ["user_id", "baby_id"]
}

resource "google_bigquery_table" "babies" {
  dataset_id          = google_bigquery_dataset.cradle.dataset_id
  table_id            = "babies"
  schema              = file("${local.schema_dir}/babies.json")
  deletion_protection = true
}

# one partition per report date; the analyze stage replaces its date's partition
resource "google_bigquery_table" "report_inputs" {
  dataset_id          = google_bigquery_dataset.cradle.dataset_id
  table_id            = "report_inputs"
  schema              = file("${local.schema_dir}/report_inputs.json")
  deletion_protection = false

  time_partitioning {
    type  = "DAY"
    field = "report_date"
  }
}

# run events, written by a Pub/Sub BigQuery subscription: one row per event message
resource "google_bigquery_table" "runs" {
  dataset_id          = google_bigquery_dataset.cradle.dataset_id
  table_id            = "runs"
  deletion_protection = false
  schema = jsonencode([
    { name = "subscription_name", type = "STRING", mode = "NULLABLE" },
    { name = "message_id", type = "STRING", mode = "NULLABLE" },
    { name = "publish_time", type = "TIMESTAMP", mode = "NULLABLE" },
    { name = "data", type = "STRING", mode = "NULLABLE", description = "The run event, JSON" },
    { name = "attributes", type = "STRING", mode = "NULLABLE", description = "stage, run_id, run_date, event" },
  ])

  time_partitioning {
    type  = "DAY"
    field = "publish_time"
  }
}
