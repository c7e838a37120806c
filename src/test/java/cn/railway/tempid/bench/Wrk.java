package cn.railway.tempid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Drives one endpoint with {@code wrk} (Debian package {@code wrk}): a fixed number of keep-alive
 * connections for a fixed time, requests built by a generated Lua script, figures printed by the
 * script as one JSON line (requests, non-2xx answers, requests whose body held {@code expect},
 * latency percentiles in microseconds).
 */
final class Wrk {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(
      long requests,
      long non2xx,
      long socketErrors,
      long expected,
      double seconds,
      double perSecond,
      double p50Millis,
      double p99Millis) {}

  private final Path workDir;
  private int verificationRuns;

  Wrk(Path workDir) {
    this.workDir = workDir;
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * GET {@code url}, each request with the headers of one entry of {@code headerSets} in turn.
   * {@code expect}: a string the body of a good answer contains ({@code null}: do not read bodies).
   */
  Result get(String name, String url, List<List<String>> headerSets, String expect, int seconds)
      throws IOException, InterruptedException {
    StringBuilder lua = new StringBuilder(prelude(expect));
    lua.append("local sets = {\n");
    for (List<String> headers : headerSets) {
      lua.append("  {");
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        lua.append('[')
            .append(quote(headers.get(i)))
            .append("]=")
            .append(quote(headers.get(i + 1)));
        lua.append(", ");
      }
      lua.append("},\n");
    }
    lua.append(
        """
        }
        request = function()
          n = n + 1
          return wrk.format("GET", nil, sets[(n % #sets) + 1], nil)
        end
        """);
    return run(name, url, lua.toString(), seconds);
  }

  /**
   * POST /verifications: the frames in turn, each request at a checkpoint device id of its own
   * (run, thread and counter), so every request is a new sighting.
   */
  Result verifications(
      String url, String checkpointKey, List<String> frames, String expect, int seconds)
      throws IOException, InterruptedException {
    StringBuilder lua = new StringBuilder(prelude(expect));
    lua.append("local frames = {\n");
    frames.forEach(f -> lua.append("  ").append(quote(f)).append(",\n"));
    lua.append("}\n");
    // device ids of this run only: a run after another (the warm-up) scanning the same frames
    // would otherwise repeat its sightings, which the service then does not write again
    lua.append("local run = ").append(++verificationRuns).append("\n");
    lua.append("local headers = {[\"Content-Type\"]=\"application/json\", [\"X-Checkpoint-Key\"]=")
        .append(quote(checkpointKey))
        .append("}\n");
    lua.append(
        """
        request = function()
          n = n + 1
          local body = '{"token":"' .. frames[(n % #frames) + 1] ..
            '","checkpoint":{"id":"bench-' .. run .. '-' .. id .. '-' .. n .. '","type":"ENTRY_GATE"}}'
          return wrk.format("POST", nil, headers, body)
        end
        """);
    return run("verifications", url, lua.toString(), seconds);
  }

  private static String prelude(String expect) {
    String response =
        expect == null
            ? ""
            : """
            response = function(status, headers, body)
              if status >= 200 and status < 300 and string.find(body, %s, 1, true) then
                good = good + 1
              end
            end
            """
                .formatted(quote(expect));
    return """
        local threads = {}
        local counter = 0
        setup = function(thread)
          counter = counter + 1
          thread:set("id", counter)
          table.insert(threads, thread)
        end
        n = 0
        good = 0
        %s
        done = function(summary, latency, requests)
          local g = 0
          for _, t in ipairs(threads) do g = g + t:get("good") end
          io.write(string.format(
            'WRK-JSON {"requests":%%d,"non2xx":%%d,"socketErrors":%%d,"expected":%%d,' ..
            '"micros":%%d,"p50":%%d,"p99":%%d}\\n',
            summary.requests, summary.errors.status,
            summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
            g, summary.duration, latency:percentile(50), latency:percentile(99)))
        end
        """
        .formatted(response);
  }

  private Result run(String name, String url, String lua, int seconds)
      throws IOException, InterruptedException {
    Path script = workDir.resolve("wrk-" + name + ".lua");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t2",
                "-c16",
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("WRK-JSON "))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "wrk printed no figures: "
                            + output.lines().collect(Collectors.joining(" | "))));
    JsonNode n = JSON.readTree(line.substring("WRK-JSON ".length()));
    double secs = n.get("micros").asLong() / 1e6;
    long requests = n.get("requests").asLong();
    return new Result(
        requests,
        n.get("non2xx").asLong(),
        n.get("socketErrors").asLong(),
        n.get("expected").asLong(),
        secs,
        requests / secs,
        n.get("p50").asLong() / 1000.0,
        n.get("p99").asLong() / 1000.0);
  }

  static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
