package cn.railway.tempid.frame;

import java.io.ByteArrayOutputStream;

/**
 * Base45 (RFC 9285): two bytes become three characters of the QR alphanumeric alphabet, a last
 * single byte becomes two characters. Decoding is strict: any character outside the alphabet, a
 * length of the form 3n+1, or a group whose value does not fit (more than 65535 for three
 * characters, more than 255 for two) is rejected. Every byte string has exactly one encoding.
 */
public final class Base45 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base45() {}

  public static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length / 2) * 3 + 2);
    int i = 0;
    for (; i + 1 < bytes.length; i += 2) {
      int n = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
      out.append(ALPHABET.charAt(n % 45));
      out.append(ALPHABET.charAt((n / 45) % 45));
      out.append(ALPHABET.charAt(n / 2025));
    }
    if (i < bytes.length) {
      int n = bytes[i] & 0xff;
      out.append(ALPHABET.charAt(n % 45));
      out.append(ALPHABET.charAt(n / 45));
    }
    return out.toString();
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not canonical Base45
   */
  public static byte[] decode(CharSequence text) {
    int length = text.length();
    if (length % 3 == 1) {
      throw new IllegalArgumentException("Base45 length " + length + " is of the form 3n+1");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 * 2 + 1);
    int i = 0;
    for (; i + 2 < length; i += 3) {
      int n = value(text, i) + value(text, i + 1) * 45 + value(text, i + 2) * 2025;
      if (n > 0xffff) {
        throw new IllegalArgumentException("Base45 group at " + i + " exceeds 65535");
      }
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    if (i < length) {
      int n = value(text, i) + value(text, i + 1) * 45;
      if (n > 0xff) {
        throw new IllegalArgumentException("Base45 final group exceeds 255");
      }
      out.write(n);
    }
    return out.toByteArray();
  }

  private static int value(CharSequence text, int index) {
    char c = text.charAt(index);
    int v = c < 128 ? VALUES[c] : -1;
    if (v < 0) {
      throw new IllegalArgumentException(
          "character at " + index + " is not in the Base45 alphabet");
    }
    return v;
  }
}
