# The reports live in a Realtime Database instance of their own: the app's database, its rules and
# its write budget (about 1,000 writes/s and 64 MB/min per instance) are never touched. Its rules
# (database.rules.json, deployed with the Firebase CLI: see the reports_database output) let each
# signed-in family read only its own /reports/<uid>. One instance per shard of the families
# (database_shards, docs/sharding.md), keyed by name: shard 0 is "reports", the single instance's
# name and address before sharding, so an existing deployment does not move; shard i is
# "reports-i". None when shared_database_url points publish at the app's own database instead.
resource "google_firebase_database_instance" "reports" {
  provider    = google-beta
  for_each    = var.shared_database_url == null ? toset(local.database_shard_keys) : toset([])
  project     = var.project_id
  region      = var.database_region
  instance_id = "${var.project_id}-${var.name_prefix}-${each.key}"
  type        = "USER_DATABASE"
  depends_on  = [google_project_service.required]
}
