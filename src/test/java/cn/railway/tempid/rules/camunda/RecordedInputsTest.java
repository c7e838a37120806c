package cn.railway.tempid.rules.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inputs kept for replays are codes, numbers and flags: a map with anything that could name a
 * person is not recorded at all; what is recorded reads back with the types the table was given.
 */
class RecordedInputsTest {

  @Test
  void codesScoresAgesAndFlags_areRecorded_andReadBackWithTheirTypes() {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("registryResult", "MATCH");
    inputs.put("livenessScore", 0.97);
    inputs.put("age", 34);
    inputs.put("deceased", false);
    inputs.put("guardianAge", null);
    inputs.put("city", "北京市");
    String json = RecordedInputs.compact("approval", inputs);
    assertThat(json)
        .isEqualTo(
            "{\"age\":34,\"city\":\"北京市\",\"deceased\":false,\"guardianAge\":null,"
                + "\"livenessScore\":0.97,\"registryResult\":\"MATCH\"}");
    assertThat(RecordedInputs.read(json)).isEqualTo(inputs);
  }

  @Test
  void anIdNumberANameOrCoordinates_areNeverRecorded() {
    assertThat(RecordedInputs.compact("x", Map.of("code", "110101199003077777"))).isNull();
    assertThat(RecordedInputs.compact("x", Map.of("applicantName", "吴一"))).isNull();
    assertThat(RecordedInputs.compact("x", Map.of("latitude", 39.9))).isNull();
    assertThat(RecordedInputs.compact("x", Map.of("code", "A".repeat(65)))).isNull();
    assertThat(RecordedInputs.compact("x", Map.of("photo", List.of(1, 2)))).isNull();
  }
}
