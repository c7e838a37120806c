package cn.railway.tempid.reliability;

import java.util.List;
import java.util.Map;

/** What became of the journeys of a scenario: lost, answers lost, duplicates (as figures). */
final class Outcomes {
  private Outcomes() {}

  static void report(
      String id, Figures figures, Ledger ledger, List<Journeys.Journey> journeys, Journeys load) {
    List<Journeys.Journey> accepted = journeys.stream().filter(Journeys.Journey::accepted).toList();
    Map<String, String> inDatabase =
        ledger.applicationStatuses(accepted.stream().map(j -> j.applicationId).toList());
    long missing = accepted.stream().filter(j -> !inDatabase.containsKey(j.applicationId)).count();
    long lost =
        accepted.stream()
            .filter(j -> !j.issued() || !"ISSUED".equals(inDatabase.get(j.applicationId)))
            .count();
    figures.info(
        id,
        "journeys run / accepted (201) / issued",
        journeys.size() + " / " + accepted.size() + " / " + load.issued());
    figures.atMost(id, "answered 201 but missing from the database", missing, 0);
    figures.atMost(id, "journeys lost (answered 201, not ISSUED)", lost, 0);
    figures.atMost(
        id,
        "submissions committed whose answer was lost (a retry got 409)",
        journeys.stream().filter(Journeys.Journey::acceptedWithoutAnswer).count(),
        0);
    Ledger.Duplicates duplicates = ledger.duplicates();
    figures.check(
        id, "duplicates", duplicates.total(), "0 (" + duplicates + ")", duplicates.total() == 0);
    accepted.stream()
        .filter(j -> !j.issued())
        .limit(5)
        .forEach(j -> figures.note(id, "not issued: " + j));
    journeys.stream()
        .filter(j -> !j.accepted())
        .limit(5)
        .forEach(j -> figures.note(id, "not accepted: " + j));
  }
}
