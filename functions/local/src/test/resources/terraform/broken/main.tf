# A deliberately broken copy: ProviderSchemaTest and ServiceAccountIdsTest must find every fault.

variable "name_prefix" {
  type        = string
  description = "the rule terraform/ had before: 21 characters make <prefix>-notebook-job 34 long"
  default     = "cradle"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 characters."
  }
}

locals {
  functions = {
    analyze = {}
    publish = {}
  }
}

resource "google_service_account" "function" {
  for_each   = local.functions
  account_id = "${var.name_prefix}-${each.key}"
}

resource "google_service_account" "notebook_job" {
  account_id = "${var.name_prefix}-notebook-job"
}

resource "google_storage_bucket" "artifacts" {
  name   = "artifacts"
  colour = "blue"

  soft_delete_policy = {
    retention_duration_seconds = 0
  }

  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
    expiry {
      days = 1
    }
  }

  labels {
    team = "cradle"
  }
}

resource "google_cloudfunctions2_function" "stage" {
  name     = "f"
  location = "asia-northeast1"

  build_config {
    runtime = "java17"
    dynamic "environment" {
      for_each = []
      content {}
    }
  }
}

resource "google_imaginary_thing" "x" {
  name = "x"
}

data "google_project" "this" {
  zone = "a"
}

provider "google" {
  project = "p"
  regoin  = "asia-northeast1"
}
