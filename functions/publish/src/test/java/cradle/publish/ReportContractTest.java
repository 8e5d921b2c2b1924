package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.config.ConfigException;
import cradle.shared.config.Env;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.RowCheck;
import cradle.shared.reshape.RowRejectedException;
import cradle.shared.reshape.RowReshaper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which contract publish checks rows against, by CRADLE_PUBLISH_CONTRACT. */
class ReportContractTest {
  private static final KeyPath KEYS = KeyPath.parse("user_id/baby_id");
  private static final String NOT_A_REPORT = "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"x\":1}";

  private static void check(RowCheck contract, String row) throws RowRejectedException {
    contract.check(new RowReshaper(KEYS, 1).reshape(row));
  }

  @Test
  void byDefault_rowsMustBeReports() throws Exception {
    Env env = new Env(Map.of());
    RowCheck contract = ReportContract.read(env, KEYS);
    env.check();

    RowRejectedException e =
        assertThrows(RowRejectedException.class, () -> check(contract, NOT_A_REPORT));
    assertEquals(RowRejectedException.Reason.BREAKS_CONTRACT, e.reason());
  }

  @Test
  void none_acceptsRowsOfAnyShape() throws Exception {
    Env env = new Env(Map.of(ReportContract.CONTRACT, "none"));
    RowCheck contract = ReportContract.read(env, KEYS);
    env.check();

    check(contract, NOT_A_REPORT);
  }

  @Test
  void anyOtherValue_isASettingsProblemNamingIt() {
    Env env = new Env(Map.of(ReportContract.CONTRACT, "strict"));
    ReportContract.read(env, KEYS);

    assertEquals(
        List.of("CRADLE_PUBLISH_CONTRACT='strict' is not report or none"),
        assertThrows(ConfigException.class, env::check).problems());
  }
}
