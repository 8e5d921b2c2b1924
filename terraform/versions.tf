terraform {
  required_version = ">= 1.5"

  required_providers {
    # the tests check terraform/ against 6.50.0's schema (npm @cdktf/provider-google 16.12.1)
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
    # the service agents and the reports' database instance exist only in google-beta
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.50"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}
