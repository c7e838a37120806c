package cn.railway.tempid.application.query;

import cn.railway.tempid.application.internal.ApplicationRecord;
import cn.railway.tempid.application.internal.ApplicationRepository;
import cn.railway.tempid.liveness.LivenessService;
import cn.railway.tempid.liveness.LivenessSession;
import cn.railway.tempid.quota.QuotaService;
import cn.railway.tempid.review.CaseFiles;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.Masking;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The case file a reviewer decides on: masked values only (the full ID number is not shown); and
 * the decision recorded, with its note decrypted for the reviewers who read it back.
 */
@Component
class ReviewCaseFiles implements CaseFiles {
  private final ApplicationRepository applications;
  private final LivenessService liveness;
  private final FieldCipher cipher;
  private final QuotaService quota;

  ReviewCaseFiles(
      ApplicationRepository applications,
      LivenessService liveness,
      FieldCipher cipher,
      QuotaService quota) {
    this.applications = applications;
    this.liveness = liveness;
    this.cipher = cipher;
    this.quota = quota;
  }

  @Override
  public Optional<CaseFile> forReview(String applicationId) {
    return applications
        .find(applicationId)
        .map(
            a -> {
              Optional<LivenessSession> session = liveness.latestForApplication(applicationId);
              List<String> flags =
                  a.registryFlags() == null || a.registryFlags().isBlank()
                      ? List.of()
                      : Arrays.asList(a.registryFlags().split(","));
              return new CaseFile(
                  a.id(),
                  Masking.maskName(cipher.decrypt(a.nameEnc(), ApplicationRecord.NAME_CONTEXT)),
                  Masking.maskIdNumber(
                      cipher.decrypt(a.idNumberEnc(), ApplicationRecord.ID_NUMBER_CONTEXT)),
                  a.city(),
                  session.map(LivenessSession::livenessScore).orElse(null),
                  session.map(LivenessSession::faceMatchScore).orElse(null),
                  a.registryResult(),
                  flags,
                  quota.usage(a.personKey()).used(),
                  a.createdAt());
            });
  }

  @Override
  public Optional<RecordedDecision> decision(String applicationId) {
    return applications
        .findReview(applicationId)
        .map(
            r ->
                new RecordedDecision(
                    r.decision(),
                    r.reasonCode(),
                    r.noteEnc() == null
                        ? null
                        : cipher.decrypt(r.noteEnc(), ApplicationRecord.REVIEW_NOTE_CONTEXT),
                    r.reviewedBy(),
                    r.reviewedAt()));
  }
}
