package cn.railway.tempid.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.support.ApplicationTest;
import cn.railway.tempid.support.ShownCertificates;
import cn.railway.tempid.support.ShownCertificates.Shown;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each certificate gets its own status-list index at issue; the holder sees it, and every QR frame
 * (format version 2) carries it for offline checkpoints.
 */
@ApplicationTest
class StatusIndexTest {
  @Autowired ShownCertificates certificates;

  @Test
  void everyCertificateHasItsOwnStatusIndex_shownToTheHolderAndCarriedByItsFrames()
      throws Exception {
    Shown first = certificates.issueAndShow("钱二");
    Shown second = certificates.issueAndShow("孙三");
    long firstIndex = certificates.certificate(first).body().path("statusIndex").asLong(-1);
    long secondIndex = certificates.certificate(second).body().path("statusIndex").asLong(-1);
    assertThat(firstIndex).isNotNegative();
    assertThat(secondIndex).isNotNegative().isNotEqualTo(firstIndex);

    FrameToken frame = FrameCodec.decode(certificates.frame(first)).token();
    assertThat(frame.version()).isEqualTo(FrameToken.VERSION);
    assertThat(frame.statusIndex()).isEqualTo(firstIndex);
    assertThat(frame.certificateId().toString()).isEqualTo(first.certificateId());
    assertThat(FrameCodec.decode(certificates.frame(second)).token().statusIndex())
        .isEqualTo(secondIndex);
  }
}
