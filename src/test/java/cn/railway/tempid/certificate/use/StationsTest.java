package cn.railway.tempid.certificate.use;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.certificate.CertificateProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The station table and the impossible-travel rule (350 km/h plus a 50 km margin). */
class StationsTest {
  final Stations stations = new Stations();

  @Test
  void majorStationsAreListedByTelegraphCode_andTrainCodesAreNot() {
    assertThat(stations.size()).isGreaterThanOrEqualTo(30);
    assertThat(stations.find("BJP")).isPresent();
    assertThat(stations.find("SHH")).isPresent();
    assertThat(stations.find("GZQ")).isPresent();
    assertThat(stations.find("G1234")).isEmpty();
    assertThat(stations.find(null)).isEmpty();
  }

  @Test
  void distancesAreGreatCircleKilometres() {
    Stations.Position beijing = stations.find("BJP").orElseThrow();
    assertThat(beijing.kilometresTo(stations.find("SHH").orElseThrow())).isBetween(1040.0, 1090.0);
    assertThat(beijing.kilometresTo(stations.find("TJP").orElseThrow())).isBetween(100.0, 125.0);
    assertThat(beijing.kilometresTo(stations.find("VNP").orElseThrow())).isLessThan(10.0);
    assertThat(beijing.kilometresTo(beijing)).isZero();
  }

  @Test
  void tooFar_isBeyondTheMarginPlusWhatTheFastestTrainCoversMeanwhile() {
    ImpossibleTravel rule =
        new ImpossibleTravel(
            null, null, stations, new CertificateProperties.Travel(350, 50), false);
    Instant t = Instant.parse("2026-01-15T08:00:00Z");
    // Beijing–Shanghai (about 1,065 km) needs about 2.9 hours at 350 km/h (plus the margin)
    assertThat(rule.tooFar(1065, t, t.plus(Duration.ofHours(2)))).isTrue();
    assertThat(rule.tooFar(1065, t, t.plus(Duration.ofHours(3)))).isFalse();
    assertThat(rule.tooFar(50, t, t)).as("the margin covers nearby stations").isFalse();
    assertThat(rule.tooFar(51, t, t)).isTrue();
    assertThat(rule.tooFar(1065, t.plus(Duration.ofHours(2)), t)).as("either order").isTrue();
  }
}
