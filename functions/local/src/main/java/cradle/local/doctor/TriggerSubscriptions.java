package cradle.local.doctor;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * Each function's trigger subscription, which Eventarc creates and Terraform cannot configure
 * (terraform-provider-google#17701): a delivery not acknowledged within the subscription's ack
 * deadline is delivered again while the first still runs, so the deadline must cover the function's
 * timeout. Followed function -> Eventarc trigger -> Pub/Sub subscription.
 */
final class TriggerSubscriptions {
  /** Pub/Sub's longest ack deadline. */
  static final int MAX_ACK_DEADLINE_SECONDS = 600;

  private final GoogleApi api;
  private final Deployment deployment;

  TriggerSubscriptions(GoogleApi api, Deployment deployment) {
    this.api = api;
    this.deployment = deployment;
  }

  Check check(String stage) throws IOException {
    String name = "trigger " + stage;
    String function = deployment.function(stage);
    String shortName = function.substring(function.lastIndexOf('/') + 1);
    GoogleApi.Reply f = api.get("https://cloudfunctions.googleapis.com/v2/" + function);
    if (f.status() == 404) {
      return Check.fail(
          name, "function " + shortName + " does not exist", "terraform apply (functions.tf)");
    }
    if (!f.ok()) {
      return Check.unreadable(name, f, "roles/cloudfunctions.viewer");
    }
    JsonObject trigger = f.body().getAsJsonObject("eventTrigger");
    if (trigger == null || !trigger.has("trigger")) {
      return Check.fail(
          name,
          "function " + shortName + " has no Eventarc trigger",
          "terraform apply (functions.tf gives it one)");
    }
    int timeout = f.body().getAsJsonObject("serviceConfig").get("timeoutSeconds").getAsInt();
    GoogleApi.Reply t =
        api.get("https://eventarc.googleapis.com/v1/" + trigger.get("trigger").getAsString());
    if (!t.ok()) {
      return Check.unreadable(name, t, "roles/eventarc.viewer");
    }
    String subscription =
        t.body()
            .getAsJsonObject("transport")
            .getAsJsonObject("pubsub")
            .get("subscription")
            .getAsString();
    GoogleApi.Reply s = api.get("https://pubsub.googleapis.com/v1/" + subscription);
    if (!s.ok()) {
      return Check.unreadable(name, s, "roles/pubsub.viewer");
    }
    String id = subscription.substring(subscription.lastIndexOf('/') + 1);
    int deadline = s.body().get("ackDeadlineSeconds").getAsInt();
    if (deadline >= timeout) {
      return Check.pass(
          name, id + " waits " + deadline + " s for an ack (timeout " + timeout + " s)");
    }
    return Check.fail(
        name,
        id
            + " waits "
            + deadline
            + " s for an ack, under the function's "
            + timeout
            + " s timeout: a run longer than that is delivered again while it still runs",
        "gcloud pubsub subscriptions update "
            + id
            + " --ack-deadline="
            + MAX_ACK_DEADLINE_SECONDS
            + " --project "
            + deployment.project());
  }
}
