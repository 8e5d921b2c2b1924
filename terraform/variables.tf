variable "project_id" {
  type        = string
  description = "The Google Cloud project Cradle runs in."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id (6-30 lower-case letters, digits, hyphens)."
  }
}

variable "region" {
  type        = string
  description = "Region of the functions, buckets, Vertex AI jobs and the schedule."
  default     = "asia-northeast1"
}

variable "bigquery_location" {
  type        = string
  description = "Location of the BigQuery dataset (a region, or US / EU)."
  default     = "asia-northeast1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name; topics are <prefix>-<stage>, service accounts <prefix>-notebook-job and the like."
  default     = "cradle"

  # the longest service account id, <prefix>-notebook-job, must stay within 30 characters
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,15}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-17 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "time_zone" {
  type        = string
  description = "Time zone of the families and of the schedule: report days run 06:00 to 06:00 here."
  default     = "Asia/Tokyo"
}

variable "schedule" {
  type        = string
  description = "Cron schedule of the nightly run, in time_zone (default 07:00, after the report day closes at 06:00)."
  default     = "0 7 * * *"

  validation {
    condition     = length(split(" ", trimspace(var.schedule))) == 5
    error_message = "schedule must be a five-field cron expression, e.g. \"0 7 * * *\"."
  }
}

variable "database_region" {
  type        = string
  description = "Region of the reports' own Realtime Database instance (Realtime Database offers these three)."
  default     = "asia-southeast1"

  validation {
    condition     = contains(["us-central1", "europe-west1", "asia-southeast1"], var.database_region)
    error_message = "database_region must be us-central1, europe-west1 or asia-southeast1."
  }
}

variable "shared_database_url" {
  type        = string
  description = "Leave unset (the default) to give the reports a database instance of their own. Set it only to make publish write under /reports and /reports_meta of an existing database the app also uses; merge docs/database.rules.fragment.json into that database's rules, never replace them."
  default     = null

  validation {
    condition     = var.shared_database_url == null || can(regex("^https://[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(firebaseio\\.com|firebasedatabase\\.app)/?$", var.shared_database_url))
    error_message = "shared_database_url must be https://NAME.firebaseio.com or https://NAME.REGION.firebasedatabase.app."
  }
}

variable "database_shards" {
  type        = number
  description = "How many Realtime Database instances the families' reports are sharded over (docs/sharding.md: the shard function the app computes, and the migration when this changes). 1, the default, is one instance, as before sharding; instance 0 keeps that instance's name and address."
  default     = 1

  validation {
    condition     = var.database_shards >= 1 && var.database_shards <= 64 && floor(var.database_shards) == var.database_shards
    error_message = "database_shards must be a whole number from 1 to 64."
  }
}

variable "artifact_retention_days" {
  type        = number
  description = "Days run artifacts (analysis rows, notebooks, reports) are kept in the artifacts bucket."
  default     = 30

  validation {
    condition     = var.artifact_retention_days >= 1
    error_message = "artifact_retention_days must be at least 1."
  }
}

variable "max_bytes_billed" {
  type        = number
  description = "BigQuery refuses an analysis query that would bill more than this many bytes."
  default     = 107374182400
}

variable "notebook_machine_type" {
  type        = string
  description = "Machine type of the notebook job, when no runtime template is given."
  default     = "e2-standard-4"
}

variable "notebook_runtime_template" {
  type        = string
  description = "Optional Vertex AI notebook runtime template (projects/P/locations/L/notebookRuntimeTemplates/T) for the notebook job."
  default     = ""

  validation {
    condition     = var.notebook_runtime_template == "" || can(regex("^projects/[^/]+/locations/[^/]+/notebookRuntimeTemplates/[^/]+$", var.notebook_runtime_template))
    error_message = "notebook_runtime_template must be empty or projects/P/locations/L/notebookRuntimeTemplates/T."
  }
}

variable "notebook_timeout_minutes" {
  type        = number
  description = "Longest the notebook may run; the await stage fails the run 60 minutes after that."
  default     = 30
}

variable "max_instances" {
  type        = number
  description = "Most instances of each function at once."
  default     = 3
}

variable "notification_channels" {
  type        = list(string)
  description = "Monitoring notification channel ids (projects/P/notificationChannels/N) told when a run fails or nothing was published by publish_deadline; empty for none."
  default     = []
}

variable "publish_bytes_per_minute" {
  type        = number
  description = "Bytes publish writes to the Realtime Database in any minute at most; the database sustains about 64 MB a minute in all, the app's own writes included."
  default     = 56000000

  validation {
    condition     = var.publish_bytes_per_minute > 0 && var.publish_bytes_per_minute <= 64000000
    error_message = "publish_bytes_per_minute must be positive and at most 64000000 (the database's sustained write bandwidth)."
  }
}

variable "publish_deadline" {
  type        = string
  description = "Local time (HH:MM in time_zone) by which the night's reports must be published: then a check of the runs table alerts if no run of yesterday's report date has. Later than the schedule plus a run's usual length."
  default     = "09:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.publish_deadline))
    error_message = "publish_deadline must be a 24-hour local time HH:MM, e.g. \"09:00\"."
  }
}
