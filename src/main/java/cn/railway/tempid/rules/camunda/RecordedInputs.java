package cn.railway.tempid.rules.camunda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs of a recorded evaluation, as compact JSON ({@code {"age":34,"idType":"RESIDENT_ID"}}),
 * kept for the analysts' replay for {@code tempid.retention.decision-inputs}. What the features
 * give the tables is codes, scores, ages, flags, and a province and city name (no coordinates); a
 * map that holds anything else (a value that is not a short string, a number or a boolean, a string
 * that looks like an ID number, a name-like or ID-like input name) is not recorded at all: its
 * evaluation cannot be replayed, and a WARN names the decision and the input, never the value.
 */
final class RecordedInputs {
  private static final Logger log = LoggerFactory.getLogger(RecordedInputs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** Longest string value kept: codes and place names are short. */
  static final int MAX_STRING = 64;

  /** Fifteen digits or more: a resident ID number (15 or 18 characters), or part of one. */
  private static final Pattern ID_NUMBER_LIKE = Pattern.compile(".*\\d{15}.*");

  /** Input names that would hold who someone is. */
  private static final Pattern PERSONAL_NAME =
      Pattern.compile("(?i).*(name|idnumber$|id_number|phone|address|latitude|longitude).*");

  private RecordedInputs() {}

  /** The JSON to record, or null when the map holds something that must not be kept. */
  static String compact(String decisionKey, Map<String, Object> inputs) {
    for (Map.Entry<String, Object> input : inputs.entrySet()) {
      String refused = refused(input.getKey(), input.getValue());
      if (refused != null) {
        log.warn(
            "Inputs of decision {} not recorded for replay: input '{}' {}",
            decisionKey,
            input.getKey(),
            refused);
        return null;
      }
    }
    try {
      // sorted: the same inputs give the same text
      return JSON.writeValueAsString(new TreeMap<>(inputs));
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String refused(String name, Object value) {
    if (name == null || PERSONAL_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
      return "may name a person";
    }
    if (value == null || value instanceof Boolean || value instanceof Number) {
      return null;
    }
    if (!(value instanceof String s)) {
      return "is not a code, number or flag";
    }
    if (s.length() > MAX_STRING) {
      return "is longer than a code";
    }
    if (ID_NUMBER_LIKE.matcher(s).matches()) {
      return "looks like an ID number";
    }
    return null;
  }

  /** The recorded inputs, with the types the tables were given (string, boolean, int, double). */
  static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable recorded inputs", e);
    }
  }
}
