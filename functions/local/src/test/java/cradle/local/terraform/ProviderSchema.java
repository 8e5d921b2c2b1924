package cradle.local.terraform;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks parsed Terraform (see {@link HclFiles}) against the google and google-beta providers'
 * schemas as npm {@code @cdktf/provider-google} and {@code @cdktf/provider-google-beta} record
 * them: every argument and block known, every required one present, blocks written as blocks and
 * attributes as attributes.
 */
final class ProviderSchema {
  /** Types of the other providers terraform/ uses; their schema is not at hand offline. */
  static final Set<String> OTHER_PROVIDERS = Set.of("archive_file", "time_sleep");

  private static final Set<String> META_ARGUMENTS =
      Set.of("count", "for_each", "depends_on", "provider", "lifecycle");

  /** The providers whose schema is at hand, by the name terraform/ gives them. */
  static final List<String> PROVIDERS = List.of("google", "google-beta");

  final String providerVersion;
  private final Map<String, JsonObject> schemas;

  private ProviderSchema(String providerVersion, Map<String, JsonObject> schemas) {
    this.providerVersion = providerVersion;
    this.schemas = schemas;
  }

  /**
   * The schema of every google and google-beta type {@code hcl} uses, derived from the npm
   * packages' manifests.
   */
  static ProviderSchema of(JsonObject hcl) throws IOException, InterruptedException {
    Map<String, JsonObject> schemas = new java.util.TreeMap<>();
    for (String provider : PROVIDERS) {
      List<String> args = new ArrayList<>();
      args.add("functions/local/src/test/node/provider-schema.js");
      args.add(provider);
      for (String kind : List.of("resource", "data")) {
        if (hcl.has(kind)) {
          for (String type : new TreeSet<>(hcl.getAsJsonObject(kind).keySet())) {
            args.add(kind + ":" + type);
          }
        }
      }
      schemas.put(provider, HclFiles.node(args));
    }
    String version = schemas.get("google").get("provider").getAsString();
    String beta = schemas.get("google-beta").get("provider").getAsString();
    if (!version.equals(beta)) {
      throw new IllegalStateException("google " + version + " but google-beta " + beta);
    }
    return new ProviderSchema(version, schemas);
  }

  /** Every problem found, one line each. */
  List<String> problems(JsonObject hcl) {
    List<String> problems = new ArrayList<>();
    for (String provider : PROVIDERS) {
      if (hcl.has("provider") && hcl.getAsJsonObject("provider").has(provider)) {
        for (JsonElement body : hcl.getAsJsonObject("provider").getAsJsonArray(provider)) {
          JsonObject config = body.getAsJsonObject().deepCopy();
          config.remove("alias");
          check(
              config,
              schemas.get(provider).getAsJsonObject("config").getAsJsonObject(provider),
              "provider " + provider,
              false,
              problems);
        }
      }
    }
    for (String kind : List.of("resource", "data")) {
      if (!hcl.has(kind)) {
        continue;
      }
      for (Map.Entry<String, JsonElement> type : hcl.getAsJsonObject(kind).entrySet()) {
        if (OTHER_PROVIDERS.contains(type.getKey())) {
          continue;
        }
        for (Map.Entry<String, JsonElement> named : type.getValue().getAsJsonObject().entrySet()) {
          String where = kind + " " + type.getKey() + "." + named.getKey();
          for (JsonElement body : named.getValue().getAsJsonArray()) {
            String provider = providerOf(body.getAsJsonObject());
            JsonObject typeSchema =
                schemas.get(provider).getAsJsonObject(kind).getAsJsonObject(type.getKey());
            if (typeSchema == null) {
              problems.add(
                  where + ": no such " + kind + " type in " + provider + " " + providerVersion);
              continue;
            }
            check(body.getAsJsonObject(), typeSchema, where, true, problems);
          }
        }
      }
    }
    return problems;
  }

  /** {@code provider = google-beta} reads as "${google-beta}"; no provider means google. */
  private static String providerOf(JsonObject body) {
    if (!body.has("provider")) {
      return "google";
    }
    String provider = body.get("provider").getAsString().replaceAll("^\\$\\{|}$", "");
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException("provider " + provider + " has no schema at hand");
    }
    return provider;
  }

  private static void check(
      JsonObject body, JsonObject node, String where, boolean top, List<String> problems) {
    JsonObject attributes = node.getAsJsonObject("attributes");
    JsonObject blocks = node.getAsJsonObject("blocks");
    Set<String> present = new TreeSet<>();
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      String name = e.getKey();
      JsonElement value = e.getValue();
      if (top && META_ARGUMENTS.contains(name)) {
        continue;
      }
      if (name.equals("dynamic")) {
        for (Map.Entry<String, JsonElement> d : value.getAsJsonObject().entrySet()) {
          present.add(d.getKey());
          if (!blocks.has(d.getKey())) {
            problems.add(where + ": unknown block dynamic \"" + d.getKey() + "\"");
            continue;
          }
          for (JsonElement dyn : d.getValue().getAsJsonArray()) {
            for (JsonElement content : dyn.getAsJsonObject().getAsJsonArray("content")) {
              check(
                  content.getAsJsonObject(),
                  blocks.getAsJsonObject(d.getKey()).getAsJsonObject("schema"),
                  where + "." + d.getKey(),
                  false,
                  problems);
            }
          }
        }
        continue;
      }
      present.add(name);
      if (attributes.has(name)) {
        if (isBlockSyntax(value)) {
          problems.add(where + ": attribute " + name + " written as a block");
        }
      } else if (blocks.has(name)) {
        if (!isBlockSyntax(value)) {
          problems.add(where + ": block " + name + " written as an attribute (" + name + " = ...)");
          continue;
        }
        for (JsonElement b : value.getAsJsonArray()) {
          check(
              b.getAsJsonObject(),
              blocks.getAsJsonObject(name).getAsJsonObject("schema"),
              where + "." + name,
              false,
              problems);
        }
      } else {
        problems.add(where + ": unknown argument or block " + name);
      }
    }
    for (String kind : List.of("attributes", "blocks")) {
      for (Map.Entry<String, JsonElement> e : node.getAsJsonObject(kind).entrySet()) {
        if (e.getValue().getAsJsonObject().get("required").getAsBoolean()
            && !present.contains(e.getKey())) {
          problems.add(
              where + ": missing required " + kind.replace("s", "").trim() + " " + e.getKey());
        }
      }
    }
  }

  /** hcl2json writes a block as an array of objects; an attribute is anything else. */
  private static boolean isBlockSyntax(JsonElement value) {
    if (!value.isJsonArray()) {
      return false;
    }
    JsonArray array = value.getAsJsonArray();
    return !array.isEmpty() && array.get(0).isJsonObject();
  }
}
