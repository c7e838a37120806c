package cn.railway.tempid.application.guest;

import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.persistence.Ids;
import cn.railway.tempid.shared.persistence.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A guest's applicant tokens (R16): issued for one application, stored hashed (so shown once),
 * valid for {@code tempid.guests.applicant-token-ttl}.
 */
@Component
public class ApplicantTokens {
  private final ApplicationRepository applications;
  private final Clock clock;
  private final Duration ttl;

  ApplicantTokens(
      ApplicationRepository applications, Clock clock, ApplicationProperties properties) {
    this.applications = applications;
    this.clock = clock;
    this.ttl = properties.guests().applicantTokenTtl();
  }

  /** A new applicant token for an application (stored hashed: shown this once). */
  public String issue(String applicationId, Instant now) {
    String token = Ids.newToken();
    applications.insertApplicantToken(Tokens.hash(token), applicationId, now, now.plus(ttl));
    return token;
  }

  /** The guest an applicant token stands for: the application it was issued for, while valid. */
  public Optional<Caller.Guest> guest(String applicantToken) {
    return applications
        .findByLiveApplicantToken(Tokens.hash(applicantToken), clock.instant())
        .map(a -> new Caller.Guest(a.id(), a.personKey()));
  }
}
