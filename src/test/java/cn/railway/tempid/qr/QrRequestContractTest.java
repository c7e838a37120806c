package cn.railway.tempid.qr;

import static cn.railway.tempid.support.Http.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.certificate.ViewSessions;
import cn.railway.tempid.frame.Ed25519Keys;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.support.Http;
import cn.railway.tempid.support.WebSliceTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The QR page's frame at the web edge: without a view session, with an over-long one or one that is
 * unknown the answer is 401 {@code REVERIFICATION_REQUIRED} (as problem+json, also to a client that
 * asked for the image), and nothing else is read; a frame is never stored by a cache ({@code
 * Cache-Control: no-store}) in either representation; a locked holder gets 429 {@code
 * FACE_CHECKS_LOCKED} with {@code Retry-After}. Frames of real certificates, their expiry and
 * signing are in {@code certificate.CertificateUseTest} and {@code qr.SigningKeyRotationTest}, with
 * the whole service.
 */
@WebSliceTest(QrController.class)
class QrRequestContractTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:30Z");
  private static final String VIEW = "view-session-token";

  @Autowired Http http;
  @MockitoBean CertificateService certificates;
  @MockitoBean ViewSessions views;
  @MockitoBean SigningKeys keys;
  @MockitoBean FaceCheckEvents faceChecks;
  @MockitoBean Clock clock;

  private final String id = UUID.randomUUID().toString();

  @BeforeEach
  void now() {
    doReturn(NOW).when(clock).instant();
  }

  private String qr() {
    return "/api/v1/certificates/" + id + "/qr";
  }

  private Http.Response frame(MediaType accept, String... headers) throws Exception {
    return http.perform(MockMvcRequestBuilders.get(qr()).accept(accept), headers);
  }

  /** A valid view session of an active certificate, signed with a test key. */
  private void aValidViewSession() {
    when(views.find(VIEW, id))
        .thenReturn(
            Optional.of(
                new ViewSessions.ViewSession(
                    "vs1", id, 42L, NOW.plus(Duration.ofMinutes(30)), null)));
    when(certificates.find(id))
        .thenReturn(
            Optional.of(
                new Certificate(
                    id,
                    "app-1",
                    "person-1",
                    CertificateStatus.ACTIVE,
                    "*三",
                    "1**************1",
                    NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(29)),
                    NOW.plus(Duration.ofDays(26)),
                    NOW.minus(Duration.ofDays(1)),
                    null,
                    7L)));
    when(keys.current())
        .thenReturn(new SigningKeys.Signing(1, Ed25519Keys.privateKey(new byte[32])));
  }

  @Test
  void withoutAUsableViewSession_401_askingForANewFaceCheck() throws Exception {
    for (MediaType accept : new MediaType[] {MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG}) {
      assertProblem(frame(accept), 401, "REVERIFICATION_REQUIRED");
      assertProblem(frame(accept, "X-View-Session", " "), 401, "REVERIFICATION_REQUIRED");
      assertProblem(
          frame(accept, "X-View-Session", "v".repeat(513)), 401, "REVERIFICATION_REQUIRED");
    }
    verifyNoInteractions(views, certificates, keys, faceChecks);

    when(views.find(anyString(), anyString())).thenReturn(Optional.empty());
    assertProblem(
        frame(MediaType.APPLICATION_JSON, "X-View-Session", "unknown"),
        401,
        "REVERIFICATION_REQUIRED");
    verifyNoInteractions(certificates, keys, faceChecks);
  }

  @Test
  void aFrame_isNeverStored_asJsonOrAsAnImage() throws Exception {
    aValidViewSession();
    Http.Response json = frame(MediaType.APPLICATION_JSON, "X-View-Session", VIEW);
    assertThat(json.status()).as("%s", json).isEqualTo(200);
    assertThat(MediaType.parseMediaType(json.contentType())).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(json.servletResponse().getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(json.text("token")).isNotBlank();
    assertThat(json.body().path("refreshAfterSeconds").asLong()).isBetween(1L, 60L);
    assertThat(Instant.parse(json.text("viewSessionExpiresAt")))
        .isEqualTo(NOW.plus(Duration.ofMinutes(30)));

    Http.Response png = frame(MediaType.IMAGE_PNG, "X-View-Session", VIEW);
    assertThat(png.status()).as("%s", png).isEqualTo(200);
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(png.servletResponse().getHeader("Cache-Control")).isEqualTo("no-store");
    byte[] image = png.servletResponse().getContentAsByteArray();
    assertThat(image).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void aLockedHolder_429_withRetryAfter() throws Exception {
    aValidViewSession();
    doThrow(
            new ApiException(
                ProblemCode.FACE_CHECKS_LOCKED,
                ProblemCode.FACE_CHECKS_LOCKED.messageEn(),
                Map.of(ApiException.RETRY_AFTER_SECONDS, 600L)))
        .when(faceChecks)
        .requireUnlocked("person-1");
    Http.Response r = frame(MediaType.APPLICATION_JSON, "X-View-Session", VIEW);
    assertProblem(r, 429, "FACE_CHECKS_LOCKED");
    assertThat(r.servletResponse().getHeader("Retry-After")).isEqualTo("600");
    verifyNoInteractions(keys);
  }
}
