locals {
  stages = ["analyze", "notebook", "await", "publish"]

  # each stage's function: the class the Functions Framework loads, its memory, whether a failed
  # delivery is retried (every stage is idempotent, so all are) and the groups of settings it reads
  functions = {
    analyze = {
      entry_point = "cradle.analyze.AnalyzeFunction"
      memory      = "1Gi"
      retry       = true
      env         = ["common", "analyze"]
    }
    notebook = {
      entry_point = "cradle.notebook.NotebookFunction"
      memory      = "1Gi"
      retry       = true
      env         = ["common", "vertex", "notebook"]
    }
    await = {
      entry_point = "cradle.await.AwaitFunction"
      memory      = "512Mi"
      retry       = true
      env         = ["common", "vertex", "await"]
    }
    publish = {
      entry_point = "cradle.publish.PublishFunction"
      memory      = "2Gi"
      retry       = true
      env         = ["common", "publish"]
    }
  }

  # what the build service account needs (Cloud Functions docs, "build-custom-sa")
  build_roles = [
    "roles/logging.logWriter",
    "roles/artifactregistry.writer",
    "roles/storage.objectAdmin",
  ]

  # the next stage's topic each function publishes to (publish is the last)
  next_stage = {
    analyze  = "notebook"
    notebook = "await"
    await    = "publish"
  }

  # the settings the functions read, by group; a test holds the code to exactly these
  env_groups = {
    common = {
      CRADLE_PROFILE               = "cloud"
      CRADLE_PROJECT               = var.project_id
      CRADLE_TOPIC_PREFIX          = var.name_prefix
      CRADLE_ARTIFACTS_URI         = google_storage_bucket.artifacts.url
      CRADLE_TIME_ZONE             = var.time_zone
      CRADLE_MAX_RUN_AGE_DAYS      = "400"
      CRADLE_MAX_EVENT_AGE_SECONDS = "21600"
    }
    vertex = {
      CRADLE_REGION                    = var.region
      CRADLE_NOTEBOOK_SERVICE_ACCOUNT  = google_service_account.notebook_job.email
      CRADLE_NOTEBOOK_RUNTIME_TEMPLATE = var.notebook_runtime_template
      CRADLE_NOTEBOOK_MACHINE_TYPE     = var.notebook_machine_type
    }
    analyze = {
      CRADLE_BQ_DATASET          = google_bigquery_dataset.cradle.dataset_id
      CRADLE_BQ_LOCATION         = var.bigquery_location
      CRADLE_BQ_MAX_BYTES_BILLED = tostring(var.max_bytes_billed)
      CRADLE_BQ_WAIT_SECONDS     = "300"
      CRADLE_PAUSED_REPORT_DAYS  = "60"
    }
    notebook = {
      CRADLE_NOTEBOOK_TEMPLATE_URI    = "${google_storage_bucket.artifacts.url}/${google_storage_bucket_object.notebook_template.name}"
      CRADLE_NOTEBOOK_TIMEOUT_MINUTES = tostring(var.notebook_timeout_minutes)
    }
    await = {
      CRADLE_AWAIT_DEADLINE_MINUTES = tostring(var.notebook_timeout_minutes + 60)
    }
    publish = {
      CRADLE_DATABASE_URL                  = join(",", local.reports_database_urls)
      CRADLE_KEY_PATH                      = "user_id/baby_id"
      CRADLE_REPORTS_PATH                  = "reports"
      CRADLE_META_PATH                     = "reports_meta"
      CRADLE_PUBLISH_CHUNK_BYTES           = "524288"
      CRADLE_PUBLISH_IN_FLIGHT             = "4"
      CRADLE_PUBLISH_WRITE_TIMEOUT_SECONDS = "60"
      CRADLE_PUBLISH_MAX_SHRINK            = "0.2"
      CRADLE_PUBLISH_BYTES_PER_MINUTE      = tostring(var.publish_bytes_per_minute)
      CRADLE_PUBLISH_WRITES_PER_SECOND     = "100"
      CRADLE_PUBLISH_SEGMENT_SECONDS       = "420"
      CRADLE_PUBLISH_CONTRACT              = "report"
    }
  }

  reports_database_url = coalesce(var.shared_database_url, try(google_firebase_database_instance.reports["reports"].database_url, null))

  # the instances' keys in shard order: publish reads CRADLE_DATABASE_URL's URLs in this order
  database_shard_keys = [for i in range(var.database_shards) : i == 0 ? "reports" : "reports-${i}"]
  reports_database_urls = var.shared_database_url != null ? [var.shared_database_url] : [
    for key in local.database_shard_keys : google_firebase_database_instance.reports[key].database_url
  ]

  function_env = {
    for stage, f in local.functions : stage => merge([for group in f.env : local.env_groups[group]]...)
  }
}
