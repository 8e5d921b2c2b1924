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

# Enabling an API returns before its service agent exists; a fixed sleep is no guarantee
# (terraform-provider-google#25294). google-beta's google_project_service_identity asks the service
# to create its agent and returns the agent's identity, so everything that needs an agent (a grant
# to it, a trigger Eventarc runs) refers to one of these and Terraform orders it after the agent.
# A test holds every IAM member on a service agent to such a reference.
resource "google_project_service_identity" "agent" {
  provider   = google-beta
  for_each   = toset(["eventarc.googleapis.com", "pubsub.googleapis.com"])
  project    = var.project_id
  service    = each.key
  depends_on = [google_project_service.required]
}
