# one identity per function, one for the triggers, one for the notebook job, one for the builds:
# each granted only what it needs, on the resource wherever the provider allows. Every identity and
# project grant waits for the APIs (iam.googleapis.com among them) on a fresh project.

resource "google_service_account" "function" {
  for_each     = local.functions
  account_id   = "${var.name_prefix}-${each.key}"
  display_name = "Cradle ${each.key} function"
  depends_on   = [google_project_service.required]
}

resource "google_service_account" "trigger" {
  account_id   = "${var.name_prefix}-trigger"
  display_name = "Cradle Eventarc triggers (invokes the functions)"
  depends_on   = [google_project_service.required]
}

resource "google_service_account" "notebook_job" {
  account_id   = "${var.name_prefix}-notebook-job"
  display_name = "Cradle notebook job (runs the report notebook on Vertex AI)"
  depends_on   = [google_project_service.required]
}

# builds the functions: projects created since mid-2024 may give the default build service account
# too little to build a function (Cloud Functions docs, "Custom service account for Cloud Build")
resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "Cradle function builds (Cloud Build)"
  depends_on   = [google_project_service.required]
}

# the roles that page lists: build logs, the built image in Artifact Registry (gcf-artifacts), the
# source from Cloud Storage
resource "google_project_iam_member" "build" {
  for_each   = toset(local.build_roles)
  project    = var.project_id
  role       = each.key
  member     = "serviceAccount:${google_service_account.build.email}"
  depends_on = [google_project_service.required]
}

# Google documents that a role grant usually takes effect within two minutes (IAM docs, "Access
# change propagation"); the provider's own Cloud Functions example waits after the build account's
# grants too. Without it the first build of a fresh project can be refused for want of a role.
resource "time_sleep" "build_grants_propagate" {
  create_duration = "120s"
  depends_on      = [google_project_iam_member.build]
}

# every function hands off to the next stage's topic and reports run events
resource "google_pubsub_topic_iam_member" "hand_off" {
  for_each = local.next_stage
  topic    = google_pubsub_topic.stage[each.value].id
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# a publish that outlasts one invocation hands the rest to a continuation on its own topic
resource "google_pubsub_topic_iam_member" "publish_continues" {
  topic  = google_pubsub_topic.stage["publish"].id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.function["publish"].email}"
}

resource "google_pubsub_topic_iam_member" "events" {
  for_each = local.functions
  topic    = google_pubsub_topic.events.id
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# analyze: run query and extract jobs (project-level: jobs have no narrower resource), read the
# app's log, replace report_inputs partitions, write the exported rows
resource "google_project_iam_member" "analyze_jobs" {
  project    = var.project_id
  role       = "roles/bigquery.jobUser"
  member     = "serviceAccount:${google_service_account.function["analyze"].email}"
  depends_on = [google_project_service.required]
}

# table by table: analyze cannot write events, babies or runs
resource "google_bigquery_table_iam_member" "analyze_reads" {
  for_each   = { events = google_bigquery_table.events.table_id, babies = google_bigquery_table.babies.table_id }
  dataset_id = google_bigquery_dataset.cradle.dataset_id
  table_id   = each.value
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.function["analyze"].email}"
}

resource "google_bigquery_table_iam_member" "analyze_writes" {
  dataset_id = google_bigquery_dataset.cradle.dataset_id
  table_id   = google_bigquery_table.report_inputs.table_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.function["analyze"].email}"
}

# publish writes its progress (runs/DATE/RUN_ID/publish/) so a continuation resumes there; analyze
# exports each attempt's rows (analysis/ATTEMPT/, through its extract job) and records the export
# complete (completed.json); await records each attempt it confirmed
# (notebook/ATTEMPT/report/confirmed.json), rewritten by a redelivery, for a replay of publish to read
resource "google_storage_bucket_iam_member" "artifacts_writers" {
  for_each = toset(["analyze", "notebook", "await", "publish"])
  bucket   = google_storage_bucket.artifacts.name
  role     = "roles/storage.objectAdmin"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# notebook: create and read Vertex AI notebook jobs (notebookExecutionJobs.create/get, runtime
# templates apply) that run as the notebook job's identity; Colab Enterprise User holds about 30
# permissions where Vertex AI User holds about 450
resource "google_project_iam_member" "notebook_vertex" {
  project    = var.project_id
  role       = "roles/aiplatform.colabEnterpriseUser"
  member     = "serviceAccount:${google_service_account.function["notebook"].email}"
  depends_on = [google_project_service.required]
}

resource "google_service_account_iam_member" "notebook_acts_as_job" {
  service_account_id = google_service_account.notebook_job.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.function["notebook"].email}"
}

# await: read the job's state
resource "google_project_iam_member" "await_vertex" {
  project    = var.project_id
  role       = "roles/aiplatform.viewer"
  member     = "serviceAccount:${google_service_account.function["await"].email}"
  depends_on = [google_project_service.required]
}

# publish: read and write the reports' data. The predefined roles are all or nothing: the viewer
# cannot write, and roles/firebasedatabase.admin also creates, deletes, disables and undeletes
# instances. Reading data is checked against firebasedatabase.instances.get and writing against
# firebasedatabase.instances.update (Realtime Database audit logging, DATA_READ / DATA_WRITE), so
# this role holds those two and nothing else. IAM has no narrower scope than the project for them.
resource "google_project_iam_custom_role" "publish_database" {
  role_id     = "${replace(var.name_prefix, "-", "_")}_publish_database"
  title       = "Cradle publish: Realtime Database data read/write"
  description = "Read and write Realtime Database data; no instance create, delete or disable."
  permissions = ["firebasedatabase.instances.get", "firebasedatabase.instances.update"]
  depends_on  = [google_project_service.required]
}

resource "google_project_iam_member" "publish_database" {
  project = var.project_id
  role    = google_project_iam_custom_role.publish_database.name
  member  = "serviceAccount:${google_service_account.function["publish"].email}"
}

# the notebook job reads analysis rows and writes report rows in the artifacts bucket
resource "google_storage_bucket_iam_member" "notebook_job_artifacts" {
  bucket = google_storage_bucket.artifacts.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.notebook_job.email}"
}

resource "google_project_iam_member" "notebook_job_logs" {
  project    = var.project_id
  role       = "roles/logging.logWriter"
  member     = "serviceAccount:${google_service_account.notebook_job.email}"
  depends_on = [google_project_service.required]
}

# the triggers receive events and invoke each function's service
resource "google_project_iam_member" "trigger_receives" {
  project    = var.project_id
  role       = "roles/eventarc.eventReceiver"
  member     = "serviceAccount:${google_service_account.trigger.email}"
  depends_on = [google_project_service.required]
}

resource "google_cloud_run_service_iam_member" "trigger_invokes" {
  for_each = local.functions
  location = var.region
  service  = google_cloudfunctions2_function.stage[each.key].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger.email}"
}
