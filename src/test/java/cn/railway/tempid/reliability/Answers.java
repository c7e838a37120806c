package cn.railway.tempid.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every answer (and every request that got none) of a scenario, with when it was sent, so a
 * scenario can count them for a time window (e.g. while the database was down). Thread-safe.
 */
final class Answers {
  /** One request: sent at {@code sentNanos} ({@link System#nanoTime()}), what came back. */
  record Entry(String what, long sentNanos, Client.Reply reply) {
    long answeredNanos() {
      return sentNanos + reply.millis() * 1_000_000;
    }
  }

  private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

  Client.Reply record(String what, long sentNanos, Client.Reply reply) {
    entries.add(new Entry(what, sentNanos, reply));
    return reply;
  }

  List<Entry> all() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** Entries sent in [fromNanos, toNanos). */
  List<Entry> sentBetween(long fromNanos, long toNanos) {
    return filter(e -> e.sentNanos() >= fromNanos && e.sentNanos() < toNanos);
  }

  List<Entry> filter(Predicate<Entry> predicate) {
    return all().stream().filter(predicate).toList();
  }

  /** Status → count ("none" for no answer), e.g. {@code {201=40, 503=12, none=1}}. */
  static Map<String, Long> byStatus(List<Entry> entries) {
    Map<String, Long> counts = new TreeMap<>();
    for (Entry e : entries) {
      String key = e.reply().answered() ? Integer.toString(e.reply().status()) : "none";
      counts.merge(key, 1L, Long::sum);
    }
    return counts;
  }

  /** Request kind → status → count, e.g. {@code {poll={200=390}, submit={201=56, 503=3}}}. */
  static Map<String, Map<String, Long>> byRequest(List<Entry> entries) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (Entry e : entries) {
      counts.computeIfAbsent(e.what(), w -> new TreeMap<>());
    }
    counts.replaceAll(
        (what, none) -> byStatus(entries.stream().filter(e -> e.what().equals(what)).toList()));
    return counts;
  }

  /** Answers ≥ 500 other than 503 (a 500 is never acceptable). */
  static long serverErrors(List<Entry> entries) {
    return entries.stream()
        .filter(e -> e.reply().status() >= 500 && e.reply().status() != 503)
        .count();
  }

  /** 503 answers without a {@code Retry-After} header. */
  static long unavailableWithoutRetryAfter(List<Entry> entries) {
    return entries.stream()
        .filter(e -> e.reply().status() == 503 && e.reply().retryAfter() == null)
        .count();
  }

  /** Error answers (≥ 400) that are not {@code application/problem+json}. */
  static long errorsNotProblemJson(List<Entry> entries) {
    return entries.stream()
        .filter(e -> e.reply().status() >= 400)
        .filter(e -> !e.reply().contentType().startsWith("application/problem+json"))
        .count();
  }

  static long timeouts(List<Entry> entries) {
    return entries.stream().filter(e -> e.reply().timedOut()).count();
  }

  /** The slowest answer (or timeout) in milliseconds; 0 when empty. */
  static long slowestMillis(List<Entry> entries) {
    return entries.stream().mapToLong(e -> e.reply().millis()).max().orElse(0);
  }

  static long percentileMillis(List<Entry> entries, int percentile) {
    List<Long> sorted =
        new ArrayList<>(entries.stream().map(e -> e.reply().millis()).sorted().toList());
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
