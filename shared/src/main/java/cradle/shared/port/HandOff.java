package cradle.shared.port;

import cradle.shared.RunMessage;
import java.io.IOException;

/** Publishes the message that asks the next stage to run; returns once it is accepted. */
public interface HandOff {
  /**
   * @return the message id the transport gave it
   */
  String publish(RunMessage message) throws IOException;
}
