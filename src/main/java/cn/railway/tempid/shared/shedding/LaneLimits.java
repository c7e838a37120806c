package cn.railway.tempid.shared.shedding;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.AbstractPartitionedLimiter;

/** The adaptive limit ({@code tempid.shedding.algorithm}) and its partition per lane. */
final class LaneLimits {
  private LaneLimits() {}

  /** The library's partitioned limiter: one partition per lane, with the lanes' shares. */
  static Limiter<Lane> limiter(SheddingProperties settings, Limit limit) {
    return new LaneLimiterBuilder()
        .named("tempid-http")
        .limit(limit)
        .partitionResolver(Lane::tag)
        .partition(Lane.FINISHING.tag(), settings.finishingShare())
        .partition(Lane.NEW_WORK.tag(), settings.newWorkShare())
        .partition(Lane.POLL.tag(), settings.pollShare())
        .build();
  }

  static Limit limitOf(SheddingProperties settings, int ceiling) {
    int min = Math.min(settings.minConcurrency(), ceiling);
    return switch (settings.algorithm()) {
      case "fixed" -> FixedLimit.of(ceiling);
      case "vegas" -> VegasLimit.newBuilder().initialLimit(ceiling).maxConcurrency(ceiling).build();
      default ->
          Gradient2Limit.newBuilder()
              .initialLimit(ceiling)
              .minLimit(min)
              .maxConcurrency(ceiling)
              .build();
    };
  }

  /** The library's partitioned limiter, keyed by lane. */
  private static final class LaneLimiterBuilder
      extends AbstractPartitionedLimiter.Builder<LaneLimiterBuilder, Lane> {
    @Override
    protected LaneLimiterBuilder self() {
      return this;
    }
  }

  /** New work's part of the places polls and new work share: by their two shares. */
  static int newWorkCeiling(SheddingProperties settings, int othersCeiling) {
    double others = settings.newWorkShare() + settings.pollShare();
    return others <= 0
        ? othersCeiling
        : Math.max(1, (int) Math.ceil(othersCeiling * settings.newWorkShare() / others));
  }

  /** A finishing request admitted past the adaptive limit: it teaches the limit nothing. */
  static final Limiter.Listener UNLIMITED =
      new Limiter.Listener() {
        @Override
        public void onSuccess() {}

        @Override
        public void onIgnore() {}

        @Override
        public void onDropped() {}
      };
}
