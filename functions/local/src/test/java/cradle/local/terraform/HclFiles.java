package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Node.js script of the repository's test tools (npm ci) and reads its JSON output. */
public final class HclFiles {
  static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

  private HclFiles() {}

  /**
   * Every *.tf file in {@code dir}, merged, as HashiCorp's HCL parser reads them (npm
   * {@code @cdktf/hcl2json}, the Go parser compiled to WebAssembly): a block is an array of
   * objects, an attribute a value.
   */
  public static JsonObject parse(Path dir) throws IOException, InterruptedException {
    String script =
        "const {parse}=require('@cdktf/hcl2json');const fs=require('fs');const"
            + " path=require('path');(async()=>{const dir=process.argv[1];const out={};for(const f"
            + " of fs.readdirSync(dir).filter(f=>f.endsWith('.tf')).sort()){const r=await"
            + " parse(f,fs.readFileSync(path.join(dir,f),'utf8'));for(const [k,v] of"
            + " Object.entries(r)){"
            + "if(Array.isArray(v)){out[k]=(out[k]||[]).concat(v)}else{out[k]=out[k]||{};for(const"
            + " [t,blocks] of"
            + " Object.entries(v)){out[k][t]=Array.isArray(blocks)?blocks:Object.assign(out[k][t]||{},blocks)}}}}"
            + "process.stdout.write(JSON.stringify(out))})().catch(e=>{console.error(e.message);process.exit(1)})";
    return node(List.of("-e", script, dir.toAbsolutePath().toString()));
  }

  /**
   * The body of the resource block {@code type.name} in {@code hcl}, as {@link #parse} reads it.
   */
  static JsonObject resource(JsonObject hcl, String type, String name) {
    return hcl.getAsJsonObject("resource")
        .getAsJsonObject(type)
        .getAsJsonArray(name)
        .get(0)
        .getAsJsonObject();
  }

  static JsonObject node(List<String> args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add("node");
    command.addAll(args);
    Process node =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String json = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        node.waitFor(120, TimeUnit.SECONDS) && node.exitValue() == 0,
        "node " + args.get(0) + " failed (is `npm ci` done?)");
    return JsonParser.parseString(json).getAsJsonObject();
  }
}
