package cn.railway.tempid.qr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.frame.VerificationKey;
import cn.railway.tempid.shared.time.AdjustableClock;
import cn.railway.tempid.support.ApplicationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Key rotation follows the one clock: after the rotation interval a new key signs, and the old key
 * stays published until every frame it signed has expired (its last window plus one window of clock
 * skew), then disappears from the JWK set.
 */
@ApplicationTest
class SigningKeyRotationTest {
  @Autowired SigningKeys keys;
  @Autowired AdjustableClock clock;

  @Value("${tempid.frames.key-rotation-interval}")
  Duration interval;

  @Test
  void aRotatedKeyStaysPublishedUntilItsFramesExpire_thenIsDropped() {
    keys.rotateIfDue(); // settle: other tests in this context may have moved the clock a lot
    SigningKeys.Signing before = keys.current();
    assertThat(keys.rotateIfDue()).as("not due yet").isFalse();

    clock.advance(interval.plusMinutes(1));
    keys.rotateIfDue(); // (the clustered Quartz job may have done it a moment earlier)
    SigningKeys.Signing after = keys.current();
    assertThat(after.keyId()).isNotEqualTo(before.keyId());

    // a frame the old key signed just before the rotation still verifies with the published key
    FrameToken lastOldFrame =
        FrameToken.of(
            before.keyId(),
            UUID.randomUUID(),
            clock.instant().plus(Duration.ofHours(1)),
            clock.instant(),
            1L,
            0L);
    String token = FrameCodec.encode(lastOldFrame, before.key());
    VerificationKey oldKey = published(before.keyId());
    assertThat(oldKey).isNotNull();
    assertThat(oldKey.validFor(lastOldFrame.frameStartsAt())).isTrue();
    assertThat(token).isNotBlank();

    clock.advance(Duration.ofMinutes(3));
    assertThat(published(before.keyId())).as("dropped once its frames expired").isNull();
    assertThat(published(after.keyId())).isNotNull();
  }

  private VerificationKey published(int keyId) {
    List<VerificationKey> all = keys.published();
    return all.stream().filter(k -> k.keyId() == keyId).findFirst().orElse(null);
  }
}
