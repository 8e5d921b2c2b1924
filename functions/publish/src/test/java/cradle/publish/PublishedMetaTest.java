package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import cradle.shared.StageFailedException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishedMetaTest {
  @Test
  void parse_roundTripsWhatPublishWrites() {
    PublishedMeta meta =
        new PublishedMeta(
            LocalDate.parse("2026-11-26"),
            "run-a",
            Instant.parse("2026-11-26T22:00:00Z"),
            100,
            2,
            3,
            "gs://b/runs/2026-11-26/run-a/report/",
            List.of("gs://b/runs/2026-11-26/run-a/report/"),
            true,
            Instant.parse("2026-11-26T23:00:00Z"),
            "run-a");

    assertEquals(meta, PublishedMeta.parse(meta.toJson()));
  }

  @Test
  void parse_nothingOrOnlySources_isNotPublished() {
    assertFalse(PublishedMeta.parse(null).published());
    PublishedMeta pending =
        PublishedMeta.parse(JsonParser.parseString("{\"report_sources\":[\"gs://b/r/\"]}"));
    assertFalse(pending.published());
    assertEquals(List.of("gs://b/r/"), pending.reportSources());
    assertEquals(List.of("gs://b/r/", "gs://b/s/"), pending.sourcesWith("gs://b/s/"));
    assertEquals(List.of("gs://b/r/"), pending.sourcesWith("gs://b/r/"));
  }

  @Test
  void parse_oldMetaWithoutSources_takesItsReport() {
    PublishedMeta old =
        PublishedMeta.parse(
            JsonParser.parseString(
                "{\"run_date\":\"2026-11-20\",\"run_id\":\"r\",\"reports\":5,\"report\":\"gs://b/r/\"}"));

    assertTrue(old.published());
    assertEquals(List.of("gs://b/r/"), old.reportSources());
    assertEquals(null, old.startedAt());
    assertEquals(0, old.rejected());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|is not an object",
        "{\"run_id\":\"r\",\"reports\":1}|run_date is missing",
        "{\"run_id\":\"r\",\"run_date\":\"2026-11-20\"}|reports is missing",
        "{\"run_id\":\"r\",\"run_date\":\"someday\",\"reports\":1}|run_date 'someday' is not a date",
        "{\"run_id\":\"r\",\"run_date\":\"2026-11-20\",\"reports\":\"many\"}|reports is not a number",
        "{\"run_id\":7,\"run_date\":\"2026-11-20\",\"reports\":1}|run_id is not a string",
        "{\"run_id\":\"r\",\"run_date\":\"2026-11-20\",\"reports\":1,\"started_at\":\"x\"}|started_at 'x' is not a timestamp",
        "{\"report_sources\":\"gs://b/\"}|report_sources is not a list",
        "{\"report_sources\":[1]}|report_sources holds 1, not a report prefix"
      })
  void parse_aNodeThatIsNotAMeta_failsNamingTheField(String json, String problem) {
    StageFailedException e =
        assertThrows(
            StageFailedException.class, () -> PublishedMeta.parse(JsonParser.parseString(json)));

    assertTrue(e.getMessage().contains("meta node " + problem), e.getMessage());
  }
}
