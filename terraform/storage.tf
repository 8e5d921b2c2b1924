# the built jars, zipped and named by content hash so a code change redeploys
resource "google_storage_bucket" "sources" {
  name                        = "${var.project_id}-${var.name_prefix}-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  depends_on                  = [google_project_service.required]
}

# runs/DATE/RUN_ID/{analysis,notebook,report}/ and the notebook template
resource "google_storage_bucket" "artifacts" {
  name                        = "${var.project_id}-${var.name_prefix}-artifacts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # BigQuery's export docs advise no soft delete for export buckets: every night's shards would
  # otherwise be billed for 7 more days after they are deleted
  soft_delete_policy {
    retention_duration_seconds = 0
  }

  lifecycle_rule {
    condition {
      age            = var.artifact_retention_days
      matches_prefix = ["runs/"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.required]
}

resource "google_storage_bucket_object" "notebook_template" {
  bucket = google_storage_bucket.artifacts.name
  name   = "notebooks/cradle_report.ipynb"
  source = "${path.module}/../functions/notebook/src/main/resources/cradle/notebook/cradle_report.ipynb"
}
