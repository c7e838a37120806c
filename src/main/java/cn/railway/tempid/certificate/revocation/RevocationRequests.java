package cn.railway.tempid.certificate.revocation;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.use.HolderAccess;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.problem.ApiException;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A revocation asked for by the holder (their own certificate, after a fresh face check) or by an
 * operator (any certificate, with a reason code). Each runs in one transaction; a retry answers the
 * first revocation without using a face check.
 */
@Service
public class RevocationRequests {
  private final HolderAccess access;
  private final CertificateService certificates;
  private final Revocations revocations;

  RevocationRequests(
      HolderAccess access, CertificateService certificates, Revocations revocations) {
    this.access = access;
    this.certificates = certificates;
    this.revocations = revocations;
  }

  /**
   * The holder revokes their certificate (e.g. the ID card was found): {@code 404} unless it is
   * theirs, {@code 409 CERTIFICATE_NOT_ACTIVE} unless it is active, then the fresh face check.
   */
  @Transactional
  public Revocations.Revoked byHolder(
      Caller caller, String id, String reason, String livenessSessionId) {
    Certificate c = access.owned(caller, id);
    Optional<Revocations.Revoked> already = revocations.find(c.id());
    if (already.isPresent()) {
      return already.get(); // a retry: the same answer, no face check used
    }
    revocations.requireRevocable(c);
    access.requireFreshFaceCheck(c, livenessSessionId);
    return revocations.revoke(c.id(), caller, reason, null);
  }

  /** An operator revokes a certificate: {@code 404} for an unknown one; the note is encrypted. */
  @Transactional
  public Revocations.Revoked byOperator(
      Caller.Operator operator, String id, String reasonCode, String note) {
    Certificate c =
        (id.length() > 64 ? Optional.<Certificate>empty() : certificates.find(id))
            .orElseThrow(ApiException::notFound);
    Optional<Revocations.Revoked> already = revocations.find(c.id());
    if (already.isPresent()) {
      return already.get();
    }
    revocations.requireRevocable(c);
    return revocations.revoke(c.id(), operator, reasonCode, note);
  }
}
