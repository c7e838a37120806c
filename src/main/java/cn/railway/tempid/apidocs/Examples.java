package cn.railway.tempid.apidocs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Examples of the document, taken from the walk-through (docs/walkthrough.md) (the demo profile's
 * 张三, whose ID number is published demo data, not a real person's).
 */
final class Examples {
  private Examples() {}

  static Map<String, Object> submitRequest() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "张三");
    body.put("idType", "RESIDENT_ID_CARD");
    body.put("idNumber", "11010519491231002X");
    body.put("location", Map.of("latitude", 39.9042, "longitude", 116.4074, "accuracyMeters", 35));
    body.put("consents", Map.of("identity", true, "biometric", true, "location", true));
    return body;
  }

  static Map<String, Object> submitted() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("applicationId", "0b6f3c8e-1d2a-4c55-9a43-2f1e7d9c0a11");
    body.put("status", "AWAITING_LIVENESS");
    body.put("reasonCode", null);
    body.put("city", "北京市");
    body.put("createdAt", "2026-01-15T08:00:00Z");
    body.put("decidedAt", null);
    body.put("maskedName", "张*");
    body.put("maskedIdNumber", "1101**********002X");
    body.put(
        "liveness",
        Map.of(
            "sessionId",
            "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6",
            "status",
            "PENDING",
            "attemptsLeft",
            2,
            "expiresAt",
            "2026-01-15T08:10:00Z"));
    body.put("certificateId", null);
    body.put("quota", Map.of("used", 1, "limit", 3));
    body.put("applicantToken", "q3H…(shown once)");
    return body;
  }

  static Map<String, Object> verificationRequest() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", "(the token of GET /certificates/{id}/qr)");
    body.put("checkpoint", Map.of("id", "gate-1", "type", "ENTRY_GATE"));
    return body;
  }
}
