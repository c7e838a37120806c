package cn.railway.tempid.verification;

import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.qr.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;

/**
 * Builds the IETF Token Status List token of every certificate's status-list index, signed with the
 * current frame signing key. Entry values: 0 valid (also every index not handed out yet), 1
 * revoked, 2 superseded or expired. The list covers every index handed out plus {@value #HEADROOM}
 * unused ones (rounded up to a multiple of {@value #BLOCK}), so certificates issued after a
 * checkpoint fetched its copy are still inside it, and the list size does not reveal how many
 * certificates exist.
 */
@Service
class StatusListTokens {
  static final long HEADROOM = 65_536;
  static final long BLOCK = 65_536;
  static final long REUSE_SECONDS = 30;

  private final CertificateService certificates;
  private final SigningKeys keys;
  private final Duration ttl;
  private final Duration validity;
  private final Clock clock;
  private final AtomicReference<Built> last = new AtomicReference<>();

  private record Built(
      String subject, Instant at, CertificateService.WithdrawalStamp stamp, String token) {}

  StatusListTokens(
      CertificateService certificates,
      SigningKeys keys,
      Clock clock,
      VerificationProperties settings) {
    this.certificates = certificates;
    this.keys = keys;
    this.clock = clock;
    // validity is not shorter than the ttl (checked by VerificationProperties)
    this.ttl = settings.frames().statusListTtl();
    this.validity = settings.frames().statusListTokenValidity();
  }

  /** The token published at {@code subject} (its {@code sub}), built now or reused (see above). */
  String current(String subject) {
    // read before the snapshot: a revocation committed in between makes the next request rebuild
    CertificateService.WithdrawalStamp stamp = certificates.withdrawalStamp();
    Instant now = clock.instant();
    Built reusable = last.get();
    if (reusable != null
        && reusable.subject().equals(subject)
        && reusable.stamp().equals(stamp)
        && !now.isBefore(reusable.at())
        && now.isBefore(reusable.at().plusSeconds(REUSE_SECONDS))) {
      return reusable.token();
    }
    String token = build(subject);
    last.set(new Built(subject, now, stamp, token));
    return token;
  }

  private String build(String subject) {
    CertificateService.StatusListSnapshot snapshot = certificates.statusListSnapshot();
    long highest = snapshot.highestIndex();
    TreeMap<Long, Integer> exceptions = new TreeMap<>();
    for (CertificateService.IndexedStatus s : snapshot.live()) {
      highest = Math.max(highest, s.statusIndex());
      if (s.status() == CertificateStatus.REVOKED) {
        exceptions.put(s.statusIndex(), TokenStatusList.REVOKED);
      } else if (s.status() != CertificateStatus.ACTIVE) {
        exceptions.put(s.statusIndex(), TokenStatusList.WITHDRAWN);
      }
    }
    for (long revoked : snapshot.revokedBelow()) {
      exceptions.put(revoked, TokenStatusList.REVOKED);
    }
    long size = Math.floorDiv(highest + 1 + HEADROOM + BLOCK - 1, BLOCK) * BLOCK;
    TokenStatusList.Content content =
        new TokenStatusList.Content(size, Math.min(snapshot.lowestLiveIndex(), size), exceptions);
    SigningKeys.Signing signing = keys.current();
    return TokenStatusList.sign(
        subject,
        snapshot.at(),
        snapshot.at().plus(validity),
        ttl,
        content,
        signing.keyId(),
        signing.key());
  }
}
