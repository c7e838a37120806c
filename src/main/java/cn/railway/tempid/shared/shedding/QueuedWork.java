package cn.railway.tempid.shared.shedding;

/**
 * Work the service has accepted and not yet done: for this service, the engine's jobs that are due
 * and waiting for a job thread (all nodes together). New work is shed while it is long ({@link
 * Admission}): a submission admitted then would only wait behind it, and so would every journey
 * already under way. Implemented where the engine is (ADR 0001); without one nothing is queued.
 */
public interface QueuedWork {
  /** Due work not yet started, as recently counted (a read must not cost a query every time). */
  long size();

  QueuedWork NONE = () -> 0;
}
