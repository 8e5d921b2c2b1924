# a run that ends badly logs one ERROR line with an "outcome" field (failed, invalid, dropped)
resource "google_logging_metric" "run_failures" {
  name   = "${var.name_prefix}-run-failures"
  filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name_prefix}-\" AND severity>=ERROR AND jsonPayload.outcome:*"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "stage"
      value_type = "STRING"
    }
    labels {
      key        = "outcome"
      value_type = "STRING"
    }
  }

  label_extractors = {
    stage   = "EXTRACT(jsonPayload.stage)"
    outcome = "EXTRACT(jsonPayload.outcome)"
  }

  depends_on = [google_project_service.required]
}

# a brand-new log metric is not at once visible to Monitoring: an alert created on it can 404
# (terraform-provider-google#11102, #10325)
resource "time_sleep" "metric_ready" {
  create_duration = "60s"
  depends_on      = [google_logging_metric.run_failures]
}

resource "google_monitoring_alert_policy" "run_failed" {
  display_name          = "Cradle run failed"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "a stage ended a run (failed, invalid or dropped)"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.run_failures.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_COUNT"
      }
    }
  }

  documentation {
    content   = "A Cradle stage logged an ERROR with an outcome. Find it with: jsonPayload.outcome:* severity>=ERROR. Re-run with ./cradle replay (docs/operations.md#a-failed-night-step-by-step)."
    mime_type = "text/markdown"
  }

  depends_on = [time_sleep.metric_ready]
}
