package cn.railway.tempid.qr;

import cn.railway.tempid.assurance.FaceCheckEvents;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateService;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.certificate.ViewSessions;
import cn.railway.tempid.frame.FrameCodec;
import cn.railway.tempid.frame.FrameToken;
import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.web.CallerKind;
import cn.railway.tempid.shared.web.Route;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The QR page (R10, R11): the current 60-second frame of a certificate, as JSON or as a PNG image.
 * Asking again within the same minute (the "refresh" button) returns the current frame at once. The
 * view session's stored expiry is checked on every request: after 30 minutes the answer is 401
 * REVERIFICATION_REQUIRED even if the timer that locks it has not run yet. While the holder's face
 * checks are locked (repeated failed face checks), a view session opened before the lock shows no
 * frame: 429 FACE_CHECKS_LOCKED with Retry-After.
 */
@RestController
@Tag(name = "Certificates and QR frames")
class QrController {
  private static final String VIEW_SESSION = "X-View-Session";

  private final CertificateService certificates;
  private final ViewSessions views;
  private final SigningKeys keys;
  private final FaceCheckEvents faceChecks;
  private final Clock clock;

  QrController(
      CertificateService certificates,
      ViewSessions views,
      SigningKeys keys,
      FaceCheckEvents faceChecks,
      Clock clock) {
    this.certificates = certificates;
    this.views = views;
    this.keys = keys;
    this.faceChecks = faceChecks;
    this.clock = clock;
  }

  record Frame(
      String token,
      Instant frameStartsAt,
      Instant frameExpiresAt,
      long refreshAfterSeconds,
      Instant viewSessionExpiresAt) {}

  @Route(
      id = "getQrFrame",
      callers = {CallerKind.VIEW_SESSION},
      problems = {
        ProblemCode.NOT_FOUND,
        ProblemCode.FACE_CHECKS_LOCKED,
        ProblemCode.CERTIFICATE_EXPIRED,
        ProblemCode.CERTIFICATE_SUPERSEDED,
        ProblemCode.CERTIFICATE_REVOKED
      })
  @GetMapping(path = "/api/v1/certificates/{id}/qr", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary =
          "The current QR frame (JSON); needs X-View-Session; 429 FACE_CHECKS_LOCKED while the"
              + " holder's face checks are locked")
  ResponseEntity<Frame> frame(
      @PathVariable String id,
      @RequestHeader(name = VIEW_SESSION, required = false) String viewSession) {
    return noStore(current(id, viewSession));
  }

  // declared on the other representation of GET /api/v1/certificates/{id}/qr (@Route)
  @GetMapping(path = "/api/v1/certificates/{id}/qr", produces = MediaType.IMAGE_PNG_VALUE)
  @Operation(summary = "The current QR frame as a PNG image; needs X-View-Session")
  ResponseEntity<byte[]> image(
      @PathVariable String id,
      @RequestHeader(name = VIEW_SESSION, required = false) String viewSession) {
    return noStore(png(current(id, viewSession).token()));
  }

  private Frame current(String certificateId, String viewSessionToken) {
    if (viewSessionToken == null
        || viewSessionToken.isBlank()
        || viewSessionToken.length() > 512
        || certificateId.length() > 64) {
      throw new ApiException(ProblemCode.REVERIFICATION_REQUIRED);
    }
    Instant now = clock.instant();
    ViewSessions.ViewSession session =
        views
            .find(viewSessionToken, certificateId)
            .orElseThrow(() -> new ApiException(ProblemCode.REVERIFICATION_REQUIRED));
    Certificate certificate = certificates.find(certificateId).orElseThrow(ApiException::notFound);
    CertificateStatus status = certificate.statusAt(now);
    if (status != CertificateStatus.ACTIVE) {
      throw new ApiException(ProblemCode.valueOf("CERTIFICATE_" + status.name()));
    }
    if (!session.validAt(now)) {
      throw new ApiException(ProblemCode.REVERIFICATION_REQUIRED);
    }
    // the lock holds at every use of a face check, also of the one that opened this view session:
    // 429 FACE_CHECKS_LOCKED while it lasts (one indexed read, only for a valid view session)
    faceChecks.requireUnlocked(certificate.personKey());
    SigningKeys.Signing signing = keys.current();
    // certificates issued before status indices existed keep version-1 frames
    FrameToken frame =
        certificate.statusIndex() == null
            ? FrameToken.versionOneOf(
                signing.keyId(),
                UUID.fromString(certificate.id()),
                certificate.expiresAt(),
                now,
                session.frameRef())
            : FrameToken.of(
                signing.keyId(),
                UUID.fromString(certificate.id()),
                certificate.expiresAt(),
                now,
                session.frameRef(),
                certificate.statusIndex());
    long secondsLeft = Math.max(1, frame.frameExpiresAt().getEpochSecond() - now.getEpochSecond());
    return new Frame(
        FrameCodec.encode(frame, signing.key()),
        frame.frameStartsAt(),
        frame.frameExpiresAt(),
        secondsLeft,
        session.expiresAt());
  }

  private static byte[] png(String token) {
    try {
      BitMatrix matrix =
          new QRCodeWriter()
              .encode(
                  token,
                  BarcodeFormat.QR_CODE,
                  320,
                  320,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      4)); // the quiet zone QR scanners expect
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", out);
      return out.toByteArray();
    } catch (WriterException e) {
      throw new IllegalStateException("a frame token always fits a QR code", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> ResponseEntity<T> noStore(T body) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }
}
