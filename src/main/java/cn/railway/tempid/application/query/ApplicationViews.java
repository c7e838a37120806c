package cn.railway.tempid.application.query;

import cn.railway.tempid.application.ApplicationStatus;
import cn.railway.tempid.application.internal.ApplicationProperties;
import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.GuardianConsents;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.Masking;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An application as its owner sees it: status and reason with both messages and guidance, masked
 * identity (and a child's guardian), the liveness attempts left and the quota used.
 */
@Component
public class ApplicationViews {
  private final GuardianConsents guardians;
  private final LivenessService liveness;
  private final QuotaService quota;
  private final FieldCipher cipher;
  private final Clock clock;
  private final int maxAttempts;

  ApplicationViews(
      GuardianConsents guardians,
      LivenessService liveness,
      QuotaService quota,
      FieldCipher cipher,
      Clock clock,
      ApplicationProperties properties) {
    this.guardians = guardians;
    this.liveness = liveness;
    this.quota = quota;
    this.cipher = cipher;
    this.clock = clock;
    this.maxAttempts = properties.liveness().maxAttempts();
  }

  public ApplicationView view(ApplicationRecord a) {
    Instant now = clock.instant();
    ProblemCode reason = ProblemCode.fromReason(a.reasonCode());
    Map<LivenessSession.Purpose, LivenessSession> sessions = liveness.latestByPurpose(a.id());
    ApplicationView.Liveness livenessView =
        Optional.ofNullable(sessions.get(LivenessSession.Purpose.APPLICATION))
            .map(
                s ->
                    new ApplicationView.Liveness(
                        s.id(),
                        s.statusAt(now).name(),
                        Math.max(0, maxAttempts - s.attempt()),
                        s.expiresAt()))
            .orElse(null);
    // a purged case (retention) has no person key and no name or ID number left: nulls shown
    QuotaService.Usage usage = a.personKey() == null ? null : quota.usage(a.personKey());
    String guidance =
        reason == null || a.status() == ApplicationStatus.ISSUED ? null : reason.guidance();
    ApplicationView.GuardianLiveness guardianLiveness =
        Optional.ofNullable(sessions.get(LivenessSession.Purpose.GUARDIAN))
            .map(
                s ->
                    new ApplicationView.GuardianLiveness(
                        s.id(), s.statusAt(now).name(), s.expiresAt()))
            .orElse(null);
    ApplicationView.Guardian guardian =
        guardians
            .find(a.id())
            .filter(g -> g.nameEnc() != null)
            .map(
                g ->
                    new ApplicationView.Guardian(
                        Masking.maskName(
                            cipher.decrypt(g.nameEnc(), GuardianConsents.NAME_CONTEXT)),
                        Masking.maskIdNumber(
                            cipher.decrypt(g.idNumberEnc(), GuardianConsents.ID_NUMBER_CONTEXT))))
            .orElse(null);
    return new ApplicationView(
        a.id(),
        a.status().name(),
        a.reasonCode(),
        reason == null ? null : reason.messageZh(),
        reason == null ? null : reason.messageEn(),
        guidance,
        a.city(),
        a.createdAt(),
        a.decidedAt(),
        Masking.maskName(cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT)),
        Masking.maskIdNumber(cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT)),
        livenessView,
        a.certificateId(),
        usage == null ? null : new ApplicationView.Quota(usage.used(), usage.limit()),
        null,
        guardianLiveness,
        guardian);
  }
}
