package cn.railway.tempid.review;

/** Escalates an overdue manual review (top priority, visible to supervisors too). */
public interface ReviewEscalation {
  void escalate(String applicationId);
}
