package cn.railway.tempid.verification;

import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.frame.TokenStatusList;
import cn.railway.tempid.qr.SigningKeys;
import java.time.Duration;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
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

  private final CertificateService certificates;
  private final SigningKeys keys;
  private final Duration ttl;
  private final Duration validity;

  StatusListTokens(
      CertificateService certificates,
      SigningKeys keys,
      @Value("${tempid.frames.status-list-ttl}") Duration ttl,
      @Value("${tempid.frames.status-list-token-validity}") Duration validity) {
    this.certificates = certificates;
    this.keys = keys;
    this.ttl = ttl;
    this.validity = validity;
    if (validity.compareTo(ttl) < 0) {
      throw new IllegalStateException(
          "tempid.frames.status-list-token-validity must not be shorter than the status-list-ttl");
    }
  }

  /** A freshly signed token published at {@code subject} (its {@code sub}). */
  String current(String subject) {
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
