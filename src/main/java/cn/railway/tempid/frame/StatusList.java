package cn.railway.tempid.frame;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The published status list ({@code GET /status-list}) for offline checkpoints: {@code
 * {"issuedAt":"2026-01-15T08:00:00Z","ttlSeconds":300,"revoked":[{"certificateId":"…",
 * "status":"REVOKED|SUPERSEDED","since":"…"}]}}. A certificate not on the list is treated as {@code
 * ACTIVE}, its expiry taken from the frame. An entry with a status this version does not know is
 * treated as {@code REVOKED} (fail closed). The list is stale from {@code issuedAt + ttlSeconds}:
 * revocations after that are unknown to the checkpoint.
 */
public record StatusList(Instant issuedAt, long ttlSeconds, List<Entry> revoked)
    implements StatusLookup {

  private static final ObjectMapper JSON = new ObjectMapper();

  public record Entry(UUID certificateId, CertificateState status, Instant since) {}

  public StatusList {
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttlSeconds must not be negative");
    }
    revoked = List.copyOf(revoked);
  }

  public Instant staleAt() {
    return issuedAt.plusSeconds(ttlSeconds);
  }

  public boolean isStaleAt(Instant now) {
    return !now.isBefore(staleAt());
  }

  @Override
  public Standing statusOf(UUID certificateId) {
    for (Entry entry : revoked) {
      if (entry.certificateId().equals(certificateId)) {
        return new Standing(entry.status(), null);
      }
    }
    return Standing.active(null);
  }

  /** A lookup with a hash index, for large lists. */
  public StatusLookup indexed() {
    Map<UUID, CertificateState> index = new HashMap<>();
    for (Entry entry : revoked) {
      index.merge(
          entry.certificateId(), entry.status(), (a, b) -> a == CertificateState.REVOKED ? a : b);
    }
    return id -> new Standing(index.getOrDefault(id, CertificateState.ACTIVE), null);
  }

  public String render() {
    ObjectNode root = JSON.createObjectNode();
    root.put("issuedAt", issuedAt.toString());
    root.put("ttlSeconds", ttlSeconds);
    ArrayNode array = root.putArray("revoked");
    for (Entry entry : revoked) {
      ObjectNode node = array.addObject();
      node.put("certificateId", entry.certificateId().toString());
      node.put("status", entry.status().name());
      node.put("since", entry.since() == null ? null : entry.since().toString());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @throws IllegalArgumentException if the document is not a status list
   */
  public static StatusList parse(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null
          || !root.path("revoked").isArray()
          || !root.path("ttlSeconds").canConvertToLong()) {
        throw new IllegalArgumentException("status list needs issuedAt, ttlSeconds and revoked");
      }
      Instant issuedAt = Instant.parse(root.path("issuedAt").asText());
      List<Entry> entries = new java.util.ArrayList<>();
      for (JsonNode node : root.get("revoked")) {
        UUID id = UUID.fromString(node.path("certificateId").asText());
        CertificateState status =
            switch (node.path("status").asText()) {
              case "SUPERSEDED" -> CertificateState.SUPERSEDED;
              case "EXPIRED" -> CertificateState.EXPIRED;
              default -> CertificateState.REVOKED;
            };
        Instant since = node.hasNonNull("since") ? Instant.parse(node.get("since").asText()) : null;
        entries.add(new Entry(id, status, since));
      }
      return new StatusList(issuedAt, root.get("ttlSeconds").asLong(), entries);
    } catch (JsonProcessingException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a valid status list: " + e.getMessage());
    }
  }
}
