# A run that ends badly logs one ERROR line with an "outcome" field (failed, invalid or dropped)
# and, for a run, its run_id, run_date, stage, reason and the exact command that runs the stage
# again (replay). The alert matches that line itself, so its notification can show those fields.
locals {
  run_failure_filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name_prefix}-\" AND severity>=ERROR AND jsonPayload.outcome:*"
  # the fields of the failure line the notification shows (${log.extracted_label.KEY})
  run_failure_fields = ["run_id", "run_date", "stage", "outcome", "reason", "replay"]
  deadline_hour      = tonumber(split(":", var.publish_deadline)[0])
  deadline_minute    = tonumber(split(":", var.publish_deadline)[1])
}

resource "google_monitoring_alert_policy" "run_failed" {
  display_name          = "Cradle run failed"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "a stage ended a run (failed, invalid or dropped)"
    condition_matched_log {
      filter           = local.run_failure_filter
      label_extractors = { for f in local.run_failure_fields : f => "EXTRACT(jsonPayload.${f})" }
    }
  }

  # a log-match condition must say how often it may notify
  alert_strategy {
    notification_rate_limit {
      period = "300s"
    }
    auto_close = "1800s"
  }

  documentation {
    subject   = "Cradle $${log.extracted_label.stage} $${log.extracted_label.outcome}: run $${log.extracted_label.run_id} of $${log.extracted_label.run_date}"
    content   = <<-EOT
      Cradle run **$${log.extracted_label.run_id}** (report date $${log.extracted_label.run_date}) ended at the **$${log.extracted_label.stage}** stage: $${log.extracted_label.outcome}.

      Reason: $${log.extracted_label.reason}

      After fixing the cause, run it again with:

          $${log.extracted_label.replay}

      (An invalid message names no run and has no replay command; its reason says what was wrong.) Find every such line with `jsonPayload.outcome:* severity>=ERROR`; a failed night step by step: docs/operations.md, "A failed night".
    EOT
    mime_type = "text/markdown"
  }

  depends_on = [google_project_service.required]
}

# "No report by morning": at publish_deadline in time_zone, Cloud Scheduler runs
# publish_deadline.sql through BigQuery's jobs.query as the deadline account; the query fails when
# no run of yesterday's date has published (the runs table), the scheduler logs the failed attempt,
# and the alert below matches that line.
resource "google_service_account" "deadline" {
  account_id   = "${var.name_prefix}-deadline"
  display_name = "Cradle publish deadline check (reads the runs table)"
  depends_on   = [google_project_service.required]
}

resource "google_project_iam_member" "deadline_jobs" {
  project    = var.project_id
  role       = "roles/bigquery.jobUser"
  member     = "serviceAccount:${google_service_account.deadline.email}"
  depends_on = [google_project_service.required]
}

resource "google_bigquery_table_iam_member" "deadline_reads_runs" {
  dataset_id = google_bigquery_table.runs.dataset_id
  table_id   = google_bigquery_table.runs.table_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.deadline.email}"
}

resource "google_cloud_scheduler_job" "publish_deadline" {
  name             = "${var.name_prefix}-publish-deadline"
  region           = var.region
  schedule         = "${local.deadline_minute} ${local.deadline_hour} * * *"
  time_zone        = var.time_zone
  attempt_deadline = "180s"

  # one attempt: a retry would only repeat the same verdict
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "https://bigquery.googleapis.com/bigquery/v2/projects/${var.project_id}/queries"
    headers     = { "Content-Type" = "application/json" }
    body = base64encode(jsonencode({
      query          = file("${path.module}/publish_deadline.sql")
      useLegacySql   = false
      location       = var.bigquery_location
      timeoutMs      = 150000
      defaultDataset = { projectId = var.project_id, datasetId = google_bigquery_dataset.cradle.dataset_id }
      parameterMode  = "NAMED"
      queryParameters = [{
        name           = "time_zone"
        parameterType  = { type = "STRING" }
        parameterValue = { value = var.time_zone }
      }]
    }))

    oauth_token {
      service_account_email = google_service_account.deadline.email
      scope                 = "https://www.googleapis.com/auth/bigquery"
    }
  }

  depends_on = [google_project_iam_member.deadline_jobs, google_bigquery_table_iam_member.deadline_reads_runs]
}

resource "google_monitoring_alert_policy" "nothing_published" {
  display_name          = "Cradle published nothing by ${var.publish_deadline}"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "the publish deadline check failed"
    condition_matched_log {
      filter = "resource.type=\"cloud_scheduler_job\" AND resource.labels.job_id=\"${google_cloud_scheduler_job.publish_deadline.name}\" AND severity>=ERROR"
    }
  }

  alert_strategy {
    notification_rate_limit {
      period = "3600s"
    }
    auto_close = "86400s"
  }

  documentation {
    subject   = "Cradle: no report published by ${var.publish_deadline} (${var.time_zone})"
    content   = <<-EOT
      No run of yesterday's report date has published by ${var.publish_deadline} ${var.time_zone} (the check: terraform/publish_deadline.sql over the runs table; the scheduler job's log line holds BigQuery's message, which names the date). The app still shows the previous night's reports.

      See where the night stopped with `./cradle status --project ${var.project_id}`, then follow docs/operations.md, "A failed night". If no run of the date started at all, start one: `./cradle replay --project ${var.project_id} --stage analyze --date DATE`.
    EOT
    mime_type = "text/markdown"
  }

  depends_on = [google_project_service.required]
}
