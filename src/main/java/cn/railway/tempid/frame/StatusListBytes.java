package cn.railway.tempid.frame;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The byte array of a status list ({@link TokenStatusList}) and its zlib (RFC 1950) compression:
 * entry {@code i} of a {@code bits}-bit list is bits {@code bits·i ... bits·i + bits − 1} of the
 * array, least significant first. A 2-bit list to issue is written in chunks ({@link
 * TokenStatusList.Content}), so a list of millions of entries is never held uncompressed; a list
 * read from a token is bounded by {@link TokenStatusList#MAX_LIST_BYTES}.
 */
final class StatusListBytes {
  private static final int CHUNK_BYTES = 64 * 1024;

  private StatusListBytes() {}

  /** The value of entry {@code index} of a {@code bits}-bit list (the index is within it). */
  static int entry(byte[] statuses, int bits, long index) {
    long bit = index * bits;
    return (statuses[(int) (bit / 8)] >> (int) (bit % 8)) & ((1 << bits) - 1);
  }

  /** The 2-bit byte array of {@code content}, handed to {@code sink} in chunks, in order. */
  static void forEachChunk(TokenStatusList.Content content, Consumer<byte[]> sink) {
    long withdrawnBelow = content.withdrawnBelow();
    long totalBytes = content.size() / 4;
    for (long start = 0; start < totalBytes; start += CHUNK_BYTES) {
      int length = (int) Math.min(CHUNK_BYTES, totalBytes - start);
      byte[] chunk = new byte[length];
      long firstEntry = start * 4;
      long fullyWithdrawn = Math.max(0, Math.min(length, withdrawnBelow / 4 - start));
      Arrays.fill(chunk, 0, (int) fullyWithdrawn, (byte) 0xAA);
      // the byte holding the boundary, if it falls inside this chunk
      for (long entry = (start + fullyWithdrawn) * 4;
          entry < withdrawnBelow && entry < firstEntry + length * 4L;
          entry++) {
        set(chunk, entry - firstEntry, TokenStatusList.WITHDRAWN);
      }
      for (Map.Entry<Long, Integer> e :
          content.exceptions().subMap(firstEntry, firstEntry + length * 4L).entrySet()) {
        set(chunk, e.getKey() - firstEntry, e.getValue());
      }
      sink.accept(chunk);
    }
  }

  private static void set(byte[] bytes, long entry, int value) {
    int at = (int) (entry / 4);
    int shift = (int) (entry % 4) * 2;
    bytes[at] = (byte) ((bytes[at] & ~(0b11 << shift)) | (value << shift));
  }

  /**
   * The byte array of {@code content} compressed with DEFLATE in the zlib format, at the best
   * level.
   */
  static byte[] deflate(TokenStatusList.Content content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      forEachChunk(
          content,
          chunk -> {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
              out.write(buffer, 0, deflater.deflate(buffer));
            }
          });
      deflater.finish();
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  /**
   * The byte array of a token's {@code lst}: one complete zlib stream, nothing after it, at most
   * {@link TokenStatusList#MAX_LIST_BYTES} once inflated.
   *
   * @throws IllegalArgumentException (with a reason safe to print) otherwise
   */
  static byte[] inflate(byte[] compressed) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("lst is not a complete zlib stream");
        }
        out.write(buffer, 0, n);
        if (out.size() > TokenStatusList.MAX_LIST_BYTES) {
          throw new IllegalArgumentException(
              "status list larger than " + TokenStatusList.MAX_LIST_BYTES);
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new IllegalArgumentException("bytes after the zlib stream");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("lst is not zlib (RFC 1950) data");
    } finally {
      inflater.end();
    }
  }
}
