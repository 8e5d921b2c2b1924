resource "google_project_service" "required" {
  for_each = toset([
    "aiplatform.googleapis.com",
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    # Colab Enterprise (the notebook job's runtime) needs Compute Engine (the runtime is a VM on the
    # default network) and Dataform (it stores notebooks) besides Vertex AI
    "compute.googleapis.com",
    "dataform.googleapis.com",
    "eventarc.googleapis.com",
    "firebasedatabase.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "storage.googleapis.com",
  ])

  service            = each.key
  disable_on_destroy = false
}

data "google_project" "this" {}

# Enabling an API returns before its service agents (Eventarc's, Pub/Sub's) exist and have their
# roles; triggers and grants made at once fail on a fresh project (terraform-provider-google#25294).
# The GA provider has no google_project_service_identity to wait on, so wait a fixed while.
resource "time_sleep" "apis_ready" {
  create_duration = "90s"
  depends_on      = [google_project_service.required]
}
