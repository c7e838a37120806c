package cn.railway.tempid.docs;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the shell blocks of a Markdown document in order, in one {@code bash} session (variables
 * carry from block to block, as when a reader pastes them into one terminal), against a service on
 * a given port, and checks each answer against the document.
 *
 * <p>The document's rules, which its own introduction states for the reader:
 *
 * <ul>
 *   <li>a fenced {@code bash} block is run as it stands; the only change is the service's address
 *       ({@code http://localhost:8080} becomes the test's random port);
 *   <li>the fenced block right after it ({@code json} or {@code text}) is what the block prints: a
 *       {@code json} block is one or more JSON documents, compared in order with those printed,
 *       each field shown must be there with the value shown (fields not shown may be there too;
 *       arrays have the length shown unless their last element is {@code "…"}); {@code …} stands
 *       for a value that differs on every run, in a JSON string or in a {@code text} block;
 *   <li>a {@code bash} block without such a block must print nothing; a command that fails (exit
 *       status, {@code set -eo pipefail}) fails the test.
 * </ul>
 */
final class DocumentedShellSession {
  static final String WILDCARD = "…";
  private static final String END = "@@end-of-block@@";
  private static final Pattern FENCE =
      Pattern.compile("^```([a-z]*)\\s*\\n(.*?)^```\\s*$", Pattern.MULTILINE | Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Block(String language, String text, int line) {}

  private DocumentedShellSession() {}

  static List<Block> fencedBlocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = FENCE.matcher(markdown);
    while (m.find()) {
      int line = (int) markdown.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      blocks.add(new Block(m.group(1), m.group(2), line));
    }
    return blocks;
  }

  /** Runs every {@code bash} block of the document; returns how many blocks were run. */
  static int run(Path document, int port, Map<String, String> environment) throws Exception {
    String markdown = Files.readString(document);
    List<Block> blocks = fencedBlocks(markdown);
    ProcessBuilder builder =
        new ProcessBuilder("bash", "--noprofile", "--norc").redirectErrorStream(false);
    builder.environment().putAll(environment);
    Process bash = builder.start();
    BlockingQueue<String> out = lines(bash.getInputStream());
    StringBuffer err = new StringBuffer();
    Thread errors =
        new Thread(
            () -> {
              try (BufferedReader r = reader(bash.getErrorStream())) {
                for (String l; (l = r.readLine()) != null; ) {
                  err.append(l).append('\n');
                }
              } catch (IOException ignored) {
                // the session ended
              }
            });
    errors.setDaemon(true);
    errors.start();
    int run = 0;
    try (Writer in = new OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8)) {
      in.write("set -eo pipefail\n");
      for (int i = 0; i < blocks.size(); i++) {
        Block block = blocks.get(i);
        if (!block.language().equals("bash")) {
          continue;
        }
        Block expected =
            i + 1 < blocks.size() && !blocks.get(i + 1).language().equals("bash")
                ? blocks.get(i + 1)
                : null;
        String where = document + " line " + block.line();
        String script = block.text().replace("http://localhost:8080", "http://127.0.0.1:" + port);
        in.write(script);
        in.write("\nprintf '\\n%s\\n' '" + END + "'\n");
        in.flush();
        String printed = readUntilEnd(out, where, err);
        check(printed, expected, where);
        run++;
      }
      in.write("exit 0\n");
    } finally {
      if (!bash.waitFor(10, TimeUnit.SECONDS)) {
        bash.destroyForcibly();
      }
    }
    return run;
  }

  private static String readUntilEnd(BlockingQueue<String> out, String where, StringBuffer err)
      throws InterruptedException {
    StringBuilder printed = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      String line = out.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        fail(
            "the block at %s did not finish within 180 s; printed:%n%s%nstderr:%n%s",
            where, printed, err);
      }
      if (line.equals(EOF)) {
        fail(
            "the block at %s failed (the shell ended); printed:%n%s%nstderr:%n%s",
            where, printed, err);
      }
      if (line.equals(END)) {
        // Maven 3.8 prints colour resets even with -B -q: a terminal shows nothing for them
        return printed.toString().replaceAll("\u001B\\[[0-9;]*m", "").strip();
      }
      printed.append(line).append('\n');
    }
  }

  static void check(String printed, Block expected, String where) throws IOException {
    if (expected == null) {
      if (!printed.isEmpty()) {
        fail("the block at %s printed an answer the document does not show:%n%s", where, printed);
      }
      return;
    }
    switch (expected.language()) {
      case "json" -> {
        List<JsonNode> want = readAll(expected.text(), where + " (the expected answer)");
        List<JsonNode> got;
        try {
          got = readAll(printed, where);
        } catch (IOException e) {
          fail("the block at %s printed no JSON: %s%n%s", where, e.getMessage(), printed);
          return;
        }
        if (want.size() != got.size()) {
          fail(
              "the block at %s printed %d JSON answers, the document shows %d:%n%s",
              where, got.size(), want.size(), printed);
        }
        for (int i = 0; i < want.size(); i++) {
          String mismatch = mismatch(want.get(i), got.get(i), "$");
          if (mismatch != null) {
            fail(
                "answer %d of the block at %s is not as the document says: %s%nprinted:%n%s",
                i + 1, where, mismatch, printed);
          }
        }
      }
      case "text" -> {
        if (!pattern(expected.text().strip()).matcher(printed).matches()) {
          fail(
              "the block at %s printed%n%s%nthe document says%n%s",
              where, printed, expected.text().strip());
        }
      }
      default ->
          fail(
              "the block after the shell block at %s is `%s`: an answer is `json` or `text`",
              where, expected.language());
    }
  }

  static List<JsonNode> readAll(String text, String where) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (var values = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNext()) {
        all.add((JsonNode) values.next());
      }
    }
    if (all.isEmpty()) {
      throw new IOException("no JSON in " + where);
    }
    return all;
  }

  /** Null when {@code actual} has everything {@code expected} shows, else what differs. */
  static String mismatch(JsonNode expected, JsonNode actual, String path) {
    if (expected.isTextual() && expected.textValue().equals(WILDCARD)) {
      return actual == null || actual.isNull() || actual.isMissingNode()
          ? path + ": a value, not " + actual
          : null;
    }
    if (actual == null) {
      return path + ": missing, the document shows " + expected;
    }
    if (expected.isTextual() && expected.textValue().contains(WILDCARD)) {
      return actual.isValueNode()
              && pattern(expected.textValue()).matcher(actual.asText()).matches()
          ? null
          : path + ": " + actual + ", the document shows " + expected;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return path + ": " + actual + ", the document shows an object";
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String m =
            mismatch(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    if (expected.isArray()) {
      if (!actual.isArray()) {
        return path + ": " + actual + ", the document shows an array";
      }
      int shown = expected.size();
      boolean open = shown > 0 && WILDCARD.equals(expected.get(shown - 1).textValue());
      int compared = open ? shown - 1 : shown;
      if (open ? actual.size() < compared : actual.size() != shown) {
        return path + ": " + actual.size() + " elements, the document shows " + expected;
      }
      for (int i = 0; i < compared; i++) {
        String m = mismatch(expected.get(i), actual.get(i), path + "[" + i + "]");
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0
          ? null
          : path + ": " + actual + ", the document shows " + expected;
    }
    return expected.equals(actual)
        ? null
        : path + ": " + actual + ", the document shows " + expected;
  }

  static Pattern pattern(String withWildcards) {
    StringBuilder regex = new StringBuilder();
    String[] parts = withWildcards.split(WILDCARD, -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*?");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static final String EOF = "\u0000eof";

  private static BlockingQueue<String> lines(InputStream stream) {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r = reader(stream)) {
                for (String l; (l = r.readLine()) != null; ) {
                  queue.add(l);
                }
              } catch (IOException ignored) {
                // the session ended
              }
              queue.add(EOF);
            });
    t.setDaemon(true);
    t.start();
    return queue;
  }

  private static BufferedReader reader(InputStream stream) {
    return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }
}
