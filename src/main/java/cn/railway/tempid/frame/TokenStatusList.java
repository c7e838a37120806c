package cn.railway.tempid.frame;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The certificates' status as an IETF Token Status List token (draft-ietf-oauth-status-list): a JWS
 * (compact) with header {@code typ: statuslist+jwt}, {@code alg: EdDSA} and the {@code kid} of a
 * frame signing key from the JWK set, and claims {@code sub} (the list's URL), {@code iat}, {@code
 * exp}, {@code ttl} and {@code status_list: {bits: 2, lst}}. {@code lst} is the base64url of the
 * zlib (RFC 1950) DEFLATE-compressed byte array; entry {@code i} is bits {@code 2(i mod 4)} and
 * {@code 2(i mod 4)+1} of byte {@code floor(i/4)} (least significant bits first).
 *
 * <p>Entry values: {@value #VALID} valid, {@value #REVOKED} revoked, {@value #WITHDRAWN} superseded
 * or expired (the draft's value 2); any other value is treated as revoked (fail closed). A frame
 * (format version 2) carries its certificate's index; a version-1 frame and an index outside the
 * list get no statement from the list and are refused as revoked (the draft: reject).
 *
 * <p>Signing and verification use Nimbus JOSE+JWT (Ed25519 through Tink, {@link StatusListJws});
 * the list's bytes are {@link StatusListBytes}. No Spring, no database.
 */
public final class TokenStatusList implements StatusLookup {

  /** The HTTP media type of the token. */
  public static final String MEDIA_TYPE = "application/statuslist+jwt";

  /** The JWS header {@code typ}. */
  public static final String TYPE = "statuslist+jwt";

  /** Bits per entry in the lists this service issues. */
  public static final int BITS = 2;

  public static final int VALID = 0;
  public static final int REVOKED = 1;

  /** Superseded or expired: the certificate was withdrawn or its validity is over. */
  public static final int WITHDRAWN = 2;

  /** A decompressed list larger than this is refused (2^28 entries at 2 bits). */
  public static final int MAX_LIST_BYTES = 64 << 20;

  private final String subject;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Long ttlSeconds;
  private final int keyId;
  private final int bits;
  private final byte[] statuses;

  private TokenStatusList(
      String subject,
      Instant issuedAt,
      Instant expiresAt,
      Long ttlSeconds,
      int keyId,
      int bits,
      byte[] statuses) {
    this.subject = subject;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.ttlSeconds = ttlSeconds;
    this.keyId = keyId;
    this.bits = bits;
    this.statuses = statuses;
  }

  // ---------------------------------------------------------------- issuing

  /**
   * What a 2-bit list says, without materialising it: {@code size} entries; every index below
   * {@code withdrawnBelow} is {@value #WITHDRAWN}, every other one {@value #VALID}, except the
   * given {@code exceptions} (index → value). This keeps a list of millions of mostly expired
   * entries cheap to build: it is compressed in chunks.
   */
  public record Content(long size, long withdrawnBelow, SortedMap<Long, Integer> exceptions) {
    public Content {
      if (size < 0 || size % 4 != 0 || size / 4 > MAX_LIST_BYTES) {
        throw new IllegalArgumentException("size must be a multiple of 4 within the limit");
      }
      if (withdrawnBelow < 0 || withdrawnBelow > size) {
        throw new IllegalArgumentException("withdrawnBelow must be within the list");
      }
      exceptions = new TreeMap<>(exceptions);
      for (Map.Entry<Long, Integer> e : exceptions.entrySet()) {
        if (e.getKey() < 0 || e.getKey() >= size || e.getValue() < 0 || e.getValue() > 3) {
          throw new IllegalArgumentException("exception out of range: " + e);
        }
      }
    }

    /** The value of one entry. */
    public int valueAt(long index) {
      Integer exception = exceptions.get(index);
      if (exception != null) {
        return exception;
      }
      return index < withdrawnBelow ? WITHDRAWN : VALID;
    }

    /** The byte array, uncompressed (for tests and small lists). */
    public byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      StatusListBytes.forEachChunk(this, chunk -> out.write(chunk, 0, chunk.length));
      return out.toByteArray();
    }

    /** The byte array compressed with DEFLATE in the zlib format, at the best compression level. */
    public byte[] compressed() {
      return StatusListBytes.deflate(this);
    }
  }

  /**
   * Signs a status list token with a frame signing key.
   *
   * @param subject the URL the token is published at ({@code sub})
   * @param ttl how long a consumer may cache it before fetching a fresh one ({@code ttl})
   */
  public static String sign(
      String subject,
      Instant issuedAt,
      Instant expiresAt,
      Duration ttl,
      Content content,
      int keyId,
      Ed25519Keys.PrivateKey key) {
    Objects.requireNonNull(subject, "subject");
    if (!expiresAt.isAfter(issuedAt) || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("exp must follow iat and ttl must be positive");
    }
    Map<String, Object> statusList = new LinkedHashMap<>();
    statusList.put("bits", BITS);
    statusList.put("lst", Base64URL.encode(content.compressed()).toString());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .claim("ttl", ttl.toSeconds())
            .claim("status_list", statusList)
            .build();
    return StatusListJws.sign(claims, keyId, key);
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses and verifies a status list token: the JWS type and algorithm, a published key with its
   * {@code kid} whose signing period contains {@code iat}, the Ed25519 signature, the required
   * claims, and {@code exp} (when present) after {@code now}.
   *
   * @throws IllegalArgumentException (with a reason safe to print) when the token cannot be used
   */
  public static TokenStatusList verify(String token, KeyLookup keys, Instant now) {
    StatusListJws.Verified verified = StatusListJws.verify(token, keys);
    JWTClaimsSet claims = verified.claims();
    VerificationKey key = verified.key();
    String kid = verified.kid();
    String subject = claims.getSubject();
    Date iat = claims.getIssueTime();
    if (subject == null || subject.isBlank() || iat == null) {
      throw new IllegalArgumentException("sub and iat are required");
    }
    Instant issuedAt = iat.toInstant();
    if (!key.validFor(issuedAt)) {
      throw new IllegalArgumentException("kid " + kid + " did not sign at iat");
    }
    Instant expiresAt =
        claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      throw new IllegalArgumentException("status list token expired at " + expiresAt);
    }
    Long ttl = null;
    Object ttlClaim = claims.getClaim("ttl");
    if (ttlClaim != null) {
      if (!(ttlClaim instanceof Number n) || n.longValue() <= 0) {
        throw new IllegalArgumentException("ttl must be a positive number");
      }
      ttl = n.longValue();
    }
    Object statusList = claims.getClaim("status_list");
    if (!(statusList instanceof Map<?, ?> list)
        || !(list.get("bits") instanceof Number bitsClaim)
        || !(list.get("lst") instanceof String lst)) {
      throw new IllegalArgumentException("status_list needs bits and lst");
    }
    int bits = bitsClaim.intValue();
    if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
      throw new IllegalArgumentException("bits must be 1, 2, 4 or 8");
    }
    byte[] compressed;
    try {
      compressed = new Base64URL(lst).decode();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("lst is not base64url");
    }
    return new TokenStatusList(
        subject, issuedAt, expiresAt, ttl, key.keyId(), bits, StatusListBytes.inflate(compressed));
  }

  /** The value at {@code index}, or empty when the index lies outside the list. */
  public OptionalInt statusAt(long index) {
    long entries = (long) statuses.length * 8 / bits;
    if (index < 0 || index >= entries) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(StatusListBytes.entry(statuses, bits, index));
  }

  /** The entry of a frame's certificate, or empty (version-1 frame, or index outside the list). */
  public OptionalInt entryFor(FrameToken frame) {
    return frame.hasStatusIndex() ? statusAt(frame.statusIndex()) : OptionalInt.empty();
  }

  /** A frame without an entry cannot be judged by this list: refused (fail closed). */
  @Override
  public Standing statusOf(UUID certificateId) {
    return new Standing(CertificateState.REVOKED, null);
  }

  @Override
  public Standing statusOf(FrameToken frame) {
    OptionalInt entry = entryFor(frame);
    if (entry.isEmpty()) {
      return new Standing(CertificateState.REVOKED, null);
    }
    return switch (entry.getAsInt()) {
      case VALID -> Standing.active(null);
      // withdrawn: expired if it had expired when the list was issued, else superseded
      case WITHDRAWN ->
          new Standing(
              frame.certificateExpiresAt().isAfter(issuedAt)
                  ? CertificateState.SUPERSEDED
                  : CertificateState.EXPIRED,
              null);
      default -> new Standing(CertificateState.REVOKED, null);
    };
  }

  public String subject() {
    return subject;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Optional<Long> ttlSeconds() {
    return Optional.ofNullable(ttlSeconds);
  }

  public int keyId() {
    return keyId;
  }

  public int bits() {
    return bits;
  }

  /** Entries in the list. */
  public long size() {
    return (long) statuses.length * 8 / bits;
  }

  /** Stale from {@code iat + ttl}: a fresh copy should be fetched. */
  public boolean isStaleAt(Instant now) {
    return ttlSeconds != null && !now.isBefore(issuedAt.plusSeconds(ttlSeconds));
  }
}
