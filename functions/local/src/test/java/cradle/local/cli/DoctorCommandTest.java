package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.local.doctor.FreshProject;
import cradle.local.doctor.GoogleApi;
import cradle.local.doctor.GoogleProjectDouble;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

  @Test
  void doctor_withoutAProject_isAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = CradleCli.execute("doctor");
    } finally {
      System.setErr(old);
    }

    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--project"), err.toString());
  }

  @Test
  void doctor_againstACorrectFreshProject_printsNoFailure_andExitsZero() throws Exception {
    try (GoogleProjectDouble project = FreshProject.start()) {
      DoctorCommand command = new DoctorCommand();
      command.apis = () -> project.api(project.userCredentials(GoogleProjectDouble.QUOTA_PROJECT));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            new CommandLine(command)
                .execute(
                    "--project",
                    "my-cradle",
                    "--database-url",
                    FreshProject.DB,
                    "--rules",
                    "../../terraform/database.rules.json");
      } finally {
        System.setOut(old);
      }

      String printed = out.toString(StandardCharsets.UTF_8);
      List<String> lines = List.of(printed.split("\n"));
      assertEquals(0, code, printed);
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(command).execute("--project", "my-cradle");
    } finally {
      System.setOut(old);
    }

    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, printed);
    String[] lines = printed.split("\n");
    assertTrue(lines[0].startsWith("FAIL  APIs enabled"), printed);
    assertTrue(lines[lines.length - 1].matches("\\d+ of \\d+ checks failed"), printed);
    for (int i = 0; i < lines.length - 1; i++) {
      assertTrue(lines[i].matches("(ok  |FAIL)  .*"), lines[i]);
      assertTrue(lines[i].startsWith("ok") || lines[i].contains("; fix: "), lines[i]);
    }
  }
}
