package cradle.local.cli;

import cradle.local.doctor.Check;
import cradle.local.doctor.Deployment;
import cradle.local.doctor.Doctor;
import cradle.local.doctor.GoogleApi;
import cradle.local.doctor.HttpGoogleApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks, read-only and with your application default credentials, that a Google Cloud"
          + " project can run Cradle:",
      "APIs, the default network, the organization policies that would stop the notebook job or"
          + " the functions, the service accounts and their roles, the service agents, each"
          + " trigger subscription's ack deadline, the notebook template and the database with its"
          + " rules.",
      "Prints one line per check, with the fix for each that fails; exits 1 if any failed."
    })
final class DoctorCommand implements Callable<Integer> {
  @Mixin SharedOptions.Project project;

  @Option(names = "--database-url", description = "The Realtime Database (https://...).")
  String databaseUrl;

  @Option(
      names = "--region",
      description = "Terraform's region (default ${DEFAULT-VALUE}).",
      defaultValue = "asia-northeast1")
  String region;

  @Option(
      names = "--name-prefix",
      description = "Terraform's name_prefix (default ${DEFAULT-VALUE}).",
      defaultValue = "cradle")
  String prefix;

  @Option(
      names = "--rules",
      description = "The rules the database should have (default ${DEFAULT-VALUE}).",
      defaultValue = "terraform/database.rules.json")
  Path rules;

  /** Where the Google API comes from (a test gives this instance a double). */
  GoogleApiFactory apis = HttpGoogleApi::applicationDefault;

  interface GoogleApiFactory {
    GoogleApi create() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    String expectedRules =
        databaseUrl != null && Files.exists(rules)
            ? Files.readString(rules, StandardCharsets.UTF_8)
            : null;
    List<Check> checks =
        new Doctor(apis.create(), new Deployment(project.id, region, prefix))
            .run(databaseUrl, expectedRules);
    checks.forEach(c -> System.out.println(c.line()));
    long failed = checks.stream().filter(c -> !c.ok()).count();
    System.out.println(
        failed == 0
            ? "all " + checks.size() + " checks passed"
            : failed + " of " + checks.size() + " checks failed");
    return failed == 0 ? 0 : 1;
  }
}
