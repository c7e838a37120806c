package cn.railway.tempid.frame;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 (RFC 8032, pure EdDSA) keys for frame tokens, on BouncyCastle's low-level API: no JCA
 * provider is registered. Keys are raw 32-byte values: the private key is the RFC 8032 seed, the
 * public key the encoded point (the JWK {@code x}). All types here are immutable and thread-safe;
 * each sign/verify call uses its own {@link Ed25519Signer}.
 */
public final class Ed25519Keys {

  public static final int KEY_LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ed25519Keys() {}

  /** A fresh key pair from a {@link SecureRandom}. */
  public static KeyPair generate() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new KeyPair(
        new PrivateKey((Ed25519PrivateKeyParameters) pair.getPrivate()),
        new PublicKey((Ed25519PublicKeyParameters) pair.getPublic()));
  }

  /**
   * The key pair of a 32-byte RFC 8032 seed (deterministic: used for test vectors and key storage).
   */
  public static KeyPair fromPrivateKey(byte[] seed) {
    PrivateKey privateKey = privateKey(seed);
    return new KeyPair(privateKey, privateKey.publicKey());
  }

  /**
   * @throws IllegalArgumentException unless {@code seed} is 32 bytes
   */
  public static PrivateKey privateKey(byte[] seed) {
    if (seed == null || seed.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
    }
    return new PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /**
   * @throws IllegalArgumentException unless {@code raw} is a valid 32-byte encoded point
   */
  public static PublicKey publicKey(byte[] raw) {
    if (raw == null || raw.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    try {
      return new PublicKey(new Ed25519PublicKeyParameters(raw, 0));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key", e);
    }
  }

  public record KeyPair(PrivateKey privateKey, PublicKey publicKey) {}

  /** A signing key. {@link #toString()} never shows the key. */
  public static final class PrivateKey implements FrameSigner {
    private final Ed25519PrivateKeyParameters parameters;
    private final PublicKey publicKey;

    private PrivateKey(Ed25519PrivateKeyParameters parameters) {
      this.parameters = parameters;
      this.publicKey = new PublicKey(parameters.generatePublicKey());
    }

    /** The raw 32-byte seed, for storage in a key vault. */
    public byte[] encoded() {
      return parameters.getEncoded();
    }

    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, parameters);
      signer.update(message, 0, message.length);
      return signer.generateSignature();
    }

    @Override
    public String toString() {
      return "Ed25519PrivateKey[public " + publicKey + "]";
    }
  }

  public static final class PublicKey {
    private final Ed25519PublicKeyParameters parameters;
    private final byte[] encoded;

    private PublicKey(Ed25519PublicKeyParameters parameters) {
      this.parameters = parameters;
      this.encoded = parameters.getEncoded();
    }

    /** The raw 32-byte encoded point (the JWK {@code x} before base64url). */
    public byte[] encoded() {
      return encoded.clone();
    }

    /** {@code false} for a wrong signature, including one of the wrong length; never throws. */
    public boolean verify(byte[] message, byte[] signature) {
      if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
        return false;
      }
      try {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PublicKey that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }
  }
}
