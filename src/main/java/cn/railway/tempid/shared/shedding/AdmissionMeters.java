package cn.railway.tempid.shared.shedding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** What {@link Admission} counts (docs/scaling.md, "Peak load": metrics). */
final class AdmissionMeters {
  final Map<Lane, Counter> rejected = new EnumMap<>(Lane.class);
  final Map<Lane, Counter> admitted = new EnumMap<>(Lane.class);
  final Counter behindQueuedWork;
  final Counter afterWaiting;
  final Counter fromMemory;

  AdmissionMeters(MeterRegistry meters) {
    behindQueuedWork =
        counter(
            meters,
            "tempid.shedding.behind-queued-work",
            "New work shed because the engine's due jobs were more than max-queued-jobs");
    afterWaiting =
        counter(
            meters,
            "tempid.shedding.admitted-after-waiting",
            "Polls and finishing requests admitted after waiting for a place");
    fromMemory =
        counter(
            meters,
            "tempid.shedding.from-memory",
            "Polls admitted without a place: answered from memory, no connection");
    for (Lane lane : Lane.values()) {
      rejected.put(
          lane,
          Counter.builder("tempid.shedding.rejected")
              .tag("lane", lane.tag())
              .description("Requests shed (429 for polls, 503 otherwise)")
              .register(meters));
      admitted.put(
          lane,
          Counter.builder("tempid.shedding.admitted")
              .tag("lane", lane.tag())
              .description("Requests admitted")
              .register(meters));
    }
  }

  private static Counter counter(MeterRegistry meters, String name, String description) {
    return Counter.builder(name).description(description).register(meters);
  }
}
