package cn.railway.tempid.shared.ratelimit;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Rate limits hold a hash of the caller per window; the limiter deletes expired windows. */
@Component
class RateLimitData implements PersonalDataEraser {
  @Override
  public Set<String> erases() {
    return Set.of();
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of(
        "rate_limit_window", "a hash of the caller per window, deleted by the limiter on expiry",
        "rate_limit_block", "a hash of the caller while blocked, ended by the limiter");
  }
}
