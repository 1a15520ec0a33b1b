package io.salesvelocity.formats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact binary fields, for the engine's state: unsigned and zig-zag variable-length integers (7 bits a byte, as
 * Avro and Protocol Buffers write them), fixed 8-byte longs, length-prefixed UTF-8 strings and byte arrays, and
 * amounts of money as a count of cents. {@link Writer} writes into a growing array, {@link Reader} reads from a
 * position of one.
 */
public final class Varints {
  private Varints() {
  }

  /** Fields written to a growing array. */
  public static final class Writer {
    private byte[] b;
    private int size;

    public Writer(int capacity) {
      this.b = new byte[Math.max(capacity, 16)];
    }

    public int size() {
      return size;
    }

    private void room(int n) {
      if (size + n > b.length) {
        b = Arrays.copyOf(b, Math.max(b.length * 2, size + n));
      }
    }

    public Writer varint(long v) {
      room(10);
      while ((v & ~0x7fL) != 0) {
        b[size++] = (byte) (v & 0x7f | 0x80);
        v >>>= 7;
      }
      b[size++] = (byte) v;
      return this;
    }

    public Writer zigzag(long v) {
      return varint(v << 1 ^ v >> 63);
    }

    public Writer fixed64(long v) {
      room(8);
      for (int i = 7; i >= 0; i--) {
        b[size++] = (byte) (v >>> 8 * i);
      }
      return this;
    }

    public Writer flag(boolean f) {
      return writeByte(f ? 1 : 0);
    }

    public Writer writeByte(int v) {
      room(1);
      b[size++] = (byte) v;
      return this;
    }

    public Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public Writer bytes(byte[] bytes) {
      varint(bytes.length);
      room(bytes.length);
      System.arraycopy(bytes, 0, b, size, bytes.length);
      size += bytes.length;
      return this;
    }

    /** A nullable string: 0 for null, else its length plus one and its UTF-8 bytes. */
    public Writer nullableString(String s) {
      if (s == null) {
        return varint(0);
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length + 1L);
      room(utf8.length);
      System.arraycopy(utf8, 0, b, size, utf8.length);
      size += utf8.length;
      return this;
    }

    /** Nullable bytes, as {@link #nullableString} writes a string. */
    public Writer nullableBytes(byte[] bytes) {
      if (bytes == null) {
        return varint(0);
      }
      varint(bytes.length + 1L);
      room(bytes.length);
      System.arraycopy(bytes, 0, b, size, bytes.length);
      size += bytes.length;
      return this;
    }

    /**
     * A nullable amount of money, read back with its value and scale: 0 for null; its cents after 1 (two decimals), 3
     * (none) or 4 (one) when it has at most two decimals and fits a long (every amount of the contract's decimal(18,2)
     * does); else 2 and its text.
     */
    public Writer amount(BigDecimal amount) {
      if (amount == null) {
        return writeByte(0);
      }
      if (amount.signum() == 0 && amount.scale() == 0) {
        return writeByte(3).varint(0); // zero, the won amount of most deltas
      }
      int scale = amount.scale();
      if (scale >= 0 && scale <= 2) { // kinds 1, 3 and 4 say the scale; a negative one is written as text
        BigDecimal cents = amount.movePointRight(2);
        if (cents.compareTo(LONG_MIN) >= 0 && cents.compareTo(LONG_MAX) <= 0) {
          return writeByte(scale == 2 ? 1 : 3 + scale).zigzag(cents.longValueExact());
        }
      }
      return writeByte(2).string(amount.toString()); // not toPlainString: 1E+30 keeps its scale
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(b, size);
    }

    public void copyTo(byte[] out, int at) {
      System.arraycopy(b, 0, out, at, size);
    }
  }

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Fields read from a position of an array. */
  public static final class Reader {
    private final byte[] b;
    private int at;

    public Reader(byte[] b, int at) {
      this.b = b;
      this.at = at;
    }

    public int position() {
      return at;
    }

    public boolean more() {
      return at < b.length;
    }

    public long varint() {
      long v = 0;
      int shift = 0;
      while (true) {
        if (shift > 63) {
          throw new IllegalArgumentException("a variable-length integer longer than 10 bytes at " + at);
        }
        byte x = b[at++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
        shift += 7;
      }
    }

    /** An unsigned variable-length integer that must fit an int (a count, a length). */
    public int count() {
      long v = varint();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a count out of range: " + v);
      }
      return (int) v;
    }

    public long zigzag() {
      long v = varint();
      return v >>> 1 ^ -(v & 1);
    }

    public long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | b[at++] & 0xff;
      }
      return v;
    }

    public boolean flag() {
      return b[at++] != 0;
    }

    public int readByte() {
      return b[at++];
    }

    public String string() {
      int length = count();
      String s = new String(b, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }

    public byte[] bytes() {
      int length = count();
      byte[] out = Arrays.copyOfRange(b, at, at + length);
      at += length;
      return out;
    }

    public String nullableString() {
      int n = count();
      if (n == 0) {
        return null;
      }
      String s = new String(b, at, n - 1, StandardCharsets.UTF_8);
      at += n - 1;
      return s;
    }

    public byte[] nullableBytes() {
      int n = count();
      if (n == 0) {
        return null;
      }
      byte[] out = Arrays.copyOfRange(b, at, at + n - 1);
      at += n - 1;
      return out;
    }

    /** An amount as {@link Writer#amount} wrote it. */
    public BigDecimal amount() {
      int kind = readByte();
      return switch (kind) {
        case 0 -> null;
        case 1 -> BigDecimal.valueOf(zigzag(), 2);
        case 2 -> new BigDecimal(string());
        case 3, 4 -> {
          long cents = zigzag();
          yield cents == 0 && kind == 3 ? BigDecimal.ZERO
              : BigDecimal.valueOf(cents, 2).setScale(kind - 3, RoundingMode.UNNECESSARY);
        }
        default -> throw new IllegalArgumentException("not an amount: kind " + kind);
      };
    }
  }
}
