package cn.railway.tempid.frame;

/**
 * Signs the payload bytes of a frame with Ed25519, returning the 64-byte signature. Implemented by
 * {@link Ed25519Keys.PrivateKey}; a service may implement it over an HSM or key vault instead.
 */
@FunctionalInterface
public interface FrameSigner {
  byte[] sign(byte[] message);
}
