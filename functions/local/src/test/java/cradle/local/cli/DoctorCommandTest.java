package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.local.doctor.FreshProject;
import cradle.local.doctor.GoogleApi;
import cradle.local.doctor.GoogleProjectDouble;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

  @Test
  void doctor_withoutAProject_isAUsageError() {
    Printed printed = Printed.cradle("doctor");

    assertEquals(2, printed.code());
    assertTrue(printed.err().contains("--project"), printed.err());
  }

  @Test
  void doctor_againstACorrectFreshProject_printsNoFailure_andExitsZero() throws Exception {
    try (GoogleProjectDouble project = FreshProject.start()) {
      DoctorCommand command = new DoctorCommand();
      command.apis = () -> project.api(project.userCredentials(GoogleProjectDouble.QUOTA_PROJECT));
      Printed run =
          Printed.by(
              () ->
                  new CommandLine(command)
                      .execute(
                          "--project",
                          "my-cradle",
                          "--database-url",
                          FreshProject.DB,
                          "--rules",
                          "../../terraform/database.rules.json"));

      String printed = run.out();
      List<String> lines = List.of(printed.split("\n"));
      assertEquals(0, run.code(), printed);
      assertEquals("all 26 checks passed", lines.get(lines.size() - 1), printed);
      assertEquals(
          List.of(),
          lines.subList(0, lines.size() - 1).stream()
              .filter(l -> !l.startsWith("ok    "))
              .toList());
    }
  }

  @Test
  void doctor_printsOneLinePerCheck_andExitsOneWhenAnyFails() {
    DoctorCommand command = new DoctorCommand();
    command.apis =
        () ->
            new GoogleApi() {
              @Override
              public Reply get(String url) {
                return new Reply(404, new com.google.gson.JsonObject());
              }

              @Override
              public Reply read(String url, String json) {
                return new Reply(404, new com.google.gson.JsonObject());
              }
            };
    Printed run = Printed.by(() -> new CommandLine(command).execute("--project", "my-cradle"));

    String printed = run.out();
    assertEquals(1, run.code(), printed);
    String[] lines = printed.split("\n");
    assertTrue(lines[0].startsWith("FAIL  APIs enabled"), printed);
    assertTrue(lines[lines.length - 1].matches("\\d+ of \\d+ checks failed"), printed);
    for (int i = 0; i < lines.length - 1; i++) {
      assertTrue(lines[i].matches("(ok  |FAIL)  .*"), lines[i]);
      assertTrue(lines[i].startsWith("ok") || lines[i].contains("; fix: "), lines[i]);
    }
  }
}
