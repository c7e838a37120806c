package cn.railway.tempid.reliability;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run, printed one line each as they are measured:
 *
 * <pre>
 * FIGURE b  journeys lost (answered 201, not ISSUED) = 0  [target 0]  PASS
 * </pre>
 *
 * A figure with a target passes or fails; one without (e.g. a throughput) is printed as {@code
 * INFO}. Thread-safe.
 */
final class Figures {
  /** One measured figure; {@code passed} is null for a figure without a target. */
  record Figure(String scenario, String name, String value, String target, Boolean passed) {
    String line() {
      return String.format(
          Locale.ROOT,
          "FIGURE %s  %s = %s%s  %s",
          scenario,
          name,
          value,
          target == null ? "" : "  [target " + target + "]",
          passed == null ? "INFO" : passed ? "PASS" : "FAIL");
    }
  }

  private final List<Figure> figures = new ArrayList<>();
  private final PrintStream out;

  Figures(PrintStream out) {
    this.out = out;
  }

  synchronized Figure check(String scenario, String name, Object value, String target, boolean ok) {
    return add(new Figure(scenario, name, String.valueOf(value), target, ok));
  }

  /** A count that must be at most {@code max}. */
  Figure atMost(String scenario, String name, long value, long max) {
    return check(scenario, name, value, max == 0 ? "0" : "≤ " + max, value <= max);
  }

  /** A duration in milliseconds that must be at most {@code maxMillis}; printed in seconds. */
  Figure withinMillis(String scenario, String name, long millis, long maxMillis) {
    return check(
        scenario,
        name,
        seconds(millis),
        "≤ " + seconds(maxMillis),
        millis >= 0 && millis <= maxMillis);
  }

  synchronized Figure info(String scenario, String name, Object value) {
    return add(new Figure(scenario, name, String.valueOf(value), null, null));
  }

  synchronized void note(String scenario, String text) {
    out.println("NOTE   " + scenario + "  " + text);
    out.flush();
  }

  private Figure add(Figure f) {
    figures.add(f);
    out.println(f.line());
    out.flush();
    return f;
  }

  synchronized List<Figure> all() {
    return List.copyOf(figures);
  }

  synchronized List<Figure> failed() {
    return figures.stream().filter(f -> Boolean.FALSE.equals(f.passed())).toList();
  }

  static String seconds(long millis) {
    return millis < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
