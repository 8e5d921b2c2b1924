# the nightly run: an empty message to the analyze topic means "yesterday, in time_zone"
resource "google_cloud_scheduler_job" "nightly" {
  name      = "${var.name_prefix}-nightly"
  region    = var.region
  schedule  = var.schedule
  time_zone = var.time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.stage["analyze"].id
    data       = base64encode("{}")
    attributes = {
      stage = "analyze"
    }
  }

  depends_on = [google_project_service.required]
}
