# each function's deployable jar (mvn package writes functions/<stage>/target/deploy/), zipped
data "archive_file" "function" {
  for_each    = local.functions
  type        = "zip"
  source_dir  = "${path.module}/../functions/${each.key}/target/deploy"
  output_path = "${path.module}/.build/${each.key}.zip"
}

resource "google_storage_bucket_object" "function_source" {
  for_each = local.functions
  bucket   = google_storage_bucket.sources.name
  name     = "${each.key}-${data.archive_file.function[each.key].output_md5}.zip"
  source   = data.archive_file.function[each.key].output_path
}

resource "google_cloudfunctions2_function" "stage" {
  for_each = local.functions
  name     = "${var.name_prefix}-${each.key}"
  location = var.region

  build_config {
    runtime         = "java17"
    entry_point     = each.value.entry_point
    service_account = google_service_account.build.id
    # a jar-only source gets java-function-invoker 1.4.1 unless the build asks for 2.x
    # (GoogleCloudPlatform/buildpacks, cmd/java/functions_framework: USE_JAVA_FF_2)
    environment_variables = {
      USE_JAVA_FF_2 = "true"
    }
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.function_source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = each.value.memory
    timeout_seconds                  = 540
    max_instance_count               = var.max_instances
    max_instance_request_concurrency = 1
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function[each.key].email
    environment_variables            = local.function_env[each.key]
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.stage[each.key].id
    retry_policy          = each.value.retry ? "RETRY_POLICY_RETRY" : "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  # Eventarc's agent makes each trigger's subscription; the build account's grants must have
  # propagated before the first build
  depends_on = [google_project_service_identity.agent, time_sleep.build_grants_propagate]

  lifecycle {
    precondition {
      condition     = var.shared_database_url == null || var.database_shards == 1
      error_message = "database_shards must be 1 with shared_database_url: the shards are instances Terraform creates."
    }
  }
}
