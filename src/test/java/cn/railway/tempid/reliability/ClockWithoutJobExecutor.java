package cn.railway.tempid.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Scenario f: the stored instants decide, not the timers (docs/rules.md, "Certificate lifecycle").
 * With the job executor switched off on both nodes ({@code
 * camunda.bpm.job-execution.enabled=false}), no timer can fire; still, on both nodes and at the
 * instant:
 *
 * <ul>
 *   <li>a view session answers its QR frame 15 s before its 30 minutes are up, and {@code 401
 *       REVERIFICATION_REQUIRED} from the 30th minute on;
 *   <li>a certificate answers 15 s before its expiry, and from the instant of expiry its QR page
 *       answers {@code 410 CERTIFICATE_EXPIRED}, {@code GET /certificates/{id}} shows {@code
 *       EXPIRED} and a checkpoint refuses its frame ({@code REJECTED / CERTIFICATE_EXPIRED});
 *   <li>the timers of both are still waiting (they did not fire, so they did not decide).
 * </ul>
 */
final class ClockWithoutJobExecutor {
  static final String ID = "f";
  static final String VIEW_SESSION_TIMER = "Event_ViewSessionTimeUp";
  static final String EXPIRY_TIMER = "Event_CertificateExpires";
  static final String RENEWAL_TIMER = "Event_RenewalWindowOpens";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MARGIN = Duration.ofSeconds(15);

  private ClockWithoutJobExecutor() {}

  /** {@code certificate} is an ACTIVE certificate with its guest applicant token. */
  static void run(
      Cluster cluster,
      Ledger ledger,
      Figures figures,
      String certificateId,
      String applicantToken,
      Duration startTimeout) {
    cluster.restartAll(startTimeout, "--camunda.bpm.job-execution.enabled=false");
    figures.note(ID, "both nodes restarted with camunda.bpm.job-execution.enabled=false");
    Owner owner = new Owner(cluster, certificateId, applicantToken);

    // the 30-minute view session
    Map.Entry<String, Instant> view = owner.openViewSession();
    cluster.setClock(view.getValue().minus(MARGIN));
    figures.check(
        ID,
        "QR page 15 s before the view session's 30 minutes (every node)",
        owner.qrOnEveryNode(view.getKey()),
        "200",
        "200".equals(owner.qrOnEveryNode(view.getKey())));
    cluster.setClock(view.getValue());
    String locked = owner.qrOnEveryNode(view.getKey());
    figures.check(
        ID,
        "QR page at the view session's 30th minute (every node)",
        locked,
        "401 REVERIFICATION_REQUIRED",
        "401 REVERIFICATION_REQUIRED".equals(locked));
    long viewTimers = ledger.pendingJobs(VIEW_SESSION_TIMER, certificateId);
    figures.check(
        ID, "view-session timers still waiting (not fired)", viewTimers, "≥ 1", viewTimers >= 1);

    // the certificate's expiry
    Instant expiresAt = owner.expiresAt();
    cluster.setClock(expiresAt.minus(Duration.ofMinutes(10)));
    Map.Entry<String, Instant> lastView = owner.openViewSession();
    cluster.setClock(expiresAt.minus(MARGIN));
    String before = owner.qrOnEveryNode(lastView.getKey());
    String frame = owner.frame(lastView.getKey());
    String statusBefore = owner.status();
    figures.check(
        ID,
        "15 s before expiry: QR page / certificate status",
        before + " / " + statusBefore,
        "200 / ACTIVE",
        "200".equals(before) && "ACTIVE".equals(statusBefore));
    cluster.setClock(expiresAt);
    String qr = owner.qrOnEveryNode(lastView.getKey());
    String status = owner.status();
    String verdict = owner.verify(frame);
    figures.check(
        ID,
        "at expiry: QR page / certificate status / checkpoint verdict (every node)",
        qr + " / " + status + " / " + verdict,
        "410 CERTIFICATE_EXPIRED / EXPIRED / REJECTED CERTIFICATE_EXPIRED",
        "410 CERTIFICATE_EXPIRED".equals(qr)
            && "EXPIRED".equals(status)
            && "REJECTED CERTIFICATE_EXPIRED".equals(verdict));
    // the expiry timer is created once the renewal-window timer has fired; neither can fire now
    long timers =
        ledger.pendingJobs(RENEWAL_TIMER, certificateId)
            + ledger.pendingJobs(EXPIRY_TIMER, certificateId);
    Map<Long, Long> expired =
        ledger.completionsPerCertificate(NodeKill.EXPIRY_TASK, java.util.Set.of(certificateId));
    figures.check(
        ID,
        "certificate timer still waiting / expiry task run",
        timers + " / " + (expired.containsKey(0L) ? "no" : "yes"),
        "1 / no",
        timers == 1 && expired.containsKey(0L));
  }

  /** The certificate's owner (a guest with their applicant token), on every node. */
  private record Owner(Cluster cluster, String certificateId, String token) {
    ServiceNode first() {
      return cluster.live().get(0);
    }

    /** A passed re-verification and a view session on it: token → its expiresAt. */
    Map.Entry<String, Instant> openViewSession() {
      ServiceNode n = first();
      Client.Reply session =
          expect(
              201,
              Client.post(
                  n.name(),
                  n.baseUrl(),
                  "/api/v1/certificates/" + certificateId + "/reverifications",
                  Map.of(),
                  TIMEOUT,
                  "X-Applicant-Token",
                  token));
      String sessionId = session.text("sessionId");
      expect(
          204,
          Client.post(
              n.name(),
              n.baseUrl(),
              "/api/v1/demo/liveness/" + sessionId,
              Map.of("outcome", "PASS"),
              TIMEOUT));
      Client.Reply view =
          expect(
              201,
              Client.post(
                  n.name(),
                  n.baseUrl(),
                  "/api/v1/certificates/" + certificateId + "/view-sessions",
                  Map.of("livenessSessionId", sessionId),
                  TIMEOUT,
                  "X-Applicant-Token",
                  token));
      return Map.entry(view.text("viewSessionToken"), Instant.parse(view.text("expiresAt")));
    }

    /** The QR page's answer on every node ("200", or "status code"); "differs: …" if unequal. */
    String qrOnEveryNode(String viewSession) {
      String common = null;
      StringBuilder all = new StringBuilder();
      for (ServiceNode n : cluster.live()) {
        Client.Reply r =
            Client.get(
                n.name(),
                n.baseUrl(),
                "/api/v1/certificates/" + certificateId + "/qr",
                TIMEOUT,
                "X-View-Session",
                viewSession);
        String answer = r.status() == 200 ? "200" : r.status() + " " + r.code();
        all.append(n.name()).append(": ").append(answer).append("; ");
        if (common == null) {
          common = answer;
        } else if (!common.equals(answer)) {
          return "differs: " + all;
        }
      }
      return common;
    }

    String frame(String viewSession) {
      ServiceNode n = first();
      return expect(
              200,
              Client.get(
                  n.name(),
                  n.baseUrl(),
                  "/api/v1/certificates/" + certificateId + "/qr",
                  TIMEOUT,
                  "X-View-Session",
                  viewSession))
          .text("token");
    }

    Instant expiresAt() {
      return Instant.parse(certificate().text("expiresAt"));
    }

    String status() {
      return certificate().text("status");
    }

    private Client.Reply certificate() {
      ServiceNode n = first();
      return expect(
          200,
          Client.get(
              n.name(),
              n.baseUrl(),
              "/api/v1/certificates/" + certificateId,
              TIMEOUT,
              "X-Applicant-Token",
              token));
    }

    /** The verdict of every node's online verification ("RESULT REASON"). */
    String verify(String frame) {
      String common = null;
      for (ServiceNode n : cluster.live()) {
        Client.Reply r =
            Client.post(
                n.name(),
                n.baseUrl(),
                "/api/v1/verifications",
                Map.of(
                    "token",
                    frame,
                    "checkpoint",
                    Map.of("id", "reliability-gate-" + n.name(), "type", "ENTRY_GATE")),
                TIMEOUT,
                "X-Checkpoint-Key",
                "demo-checkpoint-key");
        String answer =
            r.status() == 200 ? r.text("result") + " " + r.text("reason") : r.toString();
        if (common == null) {
          common = answer;
        } else if (!common.equals(answer)) {
          return "differs: " + common + " / " + answer;
        }
      }
      return common;
    }

    private static Client.Reply expect(int status, Client.Reply reply) {
      if (reply.status() != status) {
        throw new IllegalStateException("expected " + status + ", got " + reply);
      }
      return reply;
    }
  }
}
