package cn.railway.tempid.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.springframework.core.io.ClassPathResource;

/**
 * The monthly limit as {@code dmn/quota.dmn} says it today (its one cell, the decision {@code
 * monthlyLimit}), so tests follow an analyst's change of the limit instead of repeating a number.
 */
public final class QuotaTable {

  private static final Pattern LIMIT_CELL =
      Pattern.compile(
          "(<literalExpression id=\"Expression_MonthlyLimit\">\\s*<text>)(\\d+)(</text>)");

  private QuotaTable() {}

  /** The limit of the table the service deploys. */
  public static int monthlyLimit() {
    DmnEngine engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = new ClassPathResource("dmn/quota.dmn").getInputStream()) {
      Object limit =
          engine
              .evaluateDecision(engine.parseDecision("monthlyLimit", in), Map.of())
              .getSingleResult()
              .getSingleEntry();
      return ((Number) limit).intValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table's XML with another monthly limit in its one cell, as an analyst would edit it. */
  public static String withMonthlyLimit(int limit) {
    String original = xml();
    Matcher cell = LIMIT_CELL.matcher(original);
    if (!cell.find()) {
      throw new IllegalStateException("dmn/quota.dmn has no monthly limit cell");
    }
    return cell.replaceFirst("$1" + limit + "$3");
  }

  public static String xml() {
    try (InputStream in = new ClassPathResource("dmn/quota.dmn").getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
