package cn.railway.tempid.shared.privacy;

import java.time.Instant;
import java.util.List;

/** Which cases retention may erase; answered by the application feature, which owns cases. */
public interface RetentionCases {

  /**
   * Up to {@code limit} applications, oldest first, created before {@code cutoff}, finished (not in
   * flight), not yet purged and without a certificate still valid at {@code now}.
   */
  List<String> finishedBefore(Instant cutoff, Instant now, int limit);

  /** The certificates issued for these applications. */
  List<String> certificatesOf(List<String> applicationIds);
}
