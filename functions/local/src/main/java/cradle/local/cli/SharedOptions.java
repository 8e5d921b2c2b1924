package cradle.local.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options more than one command takes, each declared once with its check (picocli mixins). */
final class SharedOptions {
  private SharedOptions() {}

  /** {@code --out}: the directory a local run writes in. */
  static final class OutDirectory {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--out",
        description = "Output directory (default ${DEFAULT-VALUE}).",
        defaultValue = "cradle-out")
    Path out;

    /** The directory (absent: it will be made); anything else there is a usage error. */
    Path path() {
      return OptionChecks.outputDirectory(spec, "--out", out);
    }
  }

  /** {@code --data}: the directory whose warehouse.duckdb holds the activity log. */
  static final class DataDirectory {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--data",
        description = "Data directory (default ${DEFAULT-VALUE}).",
        defaultValue = "cradle-out/data")
    Path data;

    Path path() {
      return OptionChecks.outputDirectory(spec, "--data", data);
    }
  }

  /** {@code --babies} and {@code --days}: how much activity log to generate. */
  static final class GenerationSize {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
        names = "--babies",
        description = "Babies to generate (default ${DEFAULT-VALUE}).",
        defaultValue = "10000")
    int babies;

    @Option(
        names = "--days",
        description = "Days of log to generate (default ${DEFAULT-VALUE}).",
        defaultValue = "28")
    int days;

    /** This size, refused below one baby or one day. */
    GenerationSize checked() {
      if (babies < 1 || days < 1) {
        throw OptionChecks.usage(spec, "--babies and --days must be at least 1");
      }
      return this;
    }
  }

  /**
   * {@code --time-zone}: where the families live, so the zone of every report date (Terraform's
   * {@code time_zone}).
   */
  static final class TimeZone {
    @Option(
        names = "--time-zone",
        description = "The report time zone, where the families live (default ${DEFAULT-VALUE}).",
        defaultValue = "Asia/Tokyo")
    ZoneId zone;
  }

  /** {@code --dataset}: the BigQuery dataset of a deployed Cradle, which holds its runs table. */
  static final class Dataset {
    @Option(
        names = "--dataset",
        description =
            "The deployment's dataset, for the runs table (name_prefix with '-' as '_'; default"
                + " ${DEFAULT-VALUE}).",
        defaultValue = "cradle")
    String name;
  }

  /** {@code --force}: the run's force flag, which publish reads. */
  static final class Force {
    @Option(
        names = "--force",
        description =
            "Publish even past the shrink guard or a contract failure (the rows that pass), and"
                + " over a later run.")
    boolean requested;
  }

  /** {@code --project}: the Google Cloud project of a deployed Cradle. */
  static final class Project {
    @Option(names = "--project", required = true, description = "Google Cloud project.")
    String id;
  }
}
