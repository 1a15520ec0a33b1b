package io.salesvelocity.velocity.state;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Values in exactly the bytes of Avro's single-object encoding of a schema (marker C3 01, the schema's 8-byte
 * fingerprint, the binary body), written and read field by field with Avro's own binary encoder and decoder
 * instead of building the generated Avro objects and walking the schema: the engine's state is written several
 * times per event. Bytes with another fingerprint (written under another version of the schema) go to
 * {@code other}, Avro's message decoder with schema resolution. {@code StateCodecsTest} checks the bytes
 * against Avro's encoder.
 */
final class SingleObjectCodec<T> {
  interface Writer<T> {
    void write(T value, BinaryEncoder out) throws IOException;
  }

  interface Reader<T> {
    T read(BinaryDecoder in) throws IOException;
  }

  interface Fallback<T> {
    T decode(byte[] bytes) throws IOException;
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private final byte[] header;
  private final Writer<T> writer;
  private final Reader<T> reader;
  private final Fallback<T> other;

  SingleObjectCodec(Schema schema, Writer<T> writer, Reader<T> reader, Fallback<T> other) {
    this.header = header(schema);
    this.writer = writer;
    this.reader = reader;
    this.other = other;
  }

  /** The marker and fingerprint every value of this codec starts with. */
  byte[] header() {
    return header.clone();
  }

  Serde<T> serde() {
    return Serdes.serdeFrom((topic, value) -> value == null ? null : encode(value),
        (topic, bytes) -> bytes == null ? null : decode(bytes));
  }

  byte[] encode(T value) {
    Buffers b = BUFFERS.get();
    b.sink.reset();
    b.sink.write(header, 0, header.length);
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(b.sink, b.encoder);
    b.encoder = out;
    try {
      writer.write(value, out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.sink.toByteArray();
  }

  T decode(byte[] bytes) {
    try {
      if (bytes.length < header.length || !Arrays.equals(bytes, 0, header.length, header, 0, header.length)) {
        return other.decode(bytes);
      }
      Buffers b = BUFFERS.get();
      BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, header.length, bytes.length - header.length,
          b.decoder);
      b.decoder = in;
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeNullable(BinaryEncoder out, String s) throws IOException {
    out.writeIndex(s == null ? 0 : 1);
    if (s != null) {
      out.writeString(s);
    }
  }

  static void writeNullable(BinaryEncoder out, byte[] bytes) throws IOException {
    out.writeIndex(bytes == null ? 0 : 1);
    if (bytes != null) {
      out.writeBytes(bytes);
    }
  }

  static String readNullableString(BinaryDecoder in) throws IOException {
    return in.readIndex() == 0 ? null : in.readString();
  }

  static byte[] readNullableBytes(BinaryDecoder in) throws IOException {
    if (in.readIndex() == 0) {
      return null;
    }
    ByteBuffer b = in.readBytes(null);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The single-object encoding's marker and the schema's CRC-64-AVRO fingerprint, little-endian. */
  private static byte[] header(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(fingerprint).array();
  }

  /** Per-thread scratch space: the sink grows to the largest value written and is reused. */
  private static final class Buffers {
    final Sink sink = new Sink();
    BinaryEncoder encoder;
    BinaryDecoder decoder;
  }

  /** A growable byte sink without the locking of {@link java.io.ByteArrayOutputStream}. */
  static final class Sink extends OutputStream {
    private byte[] buf = new byte[512];
    private int size;

    void reset() {
      size = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    /** What was written, followed by {@code last}. */
    byte[] toByteArray(byte last) {
      byte[] out = Arrays.copyOf(buf, size + 1);
      out[size] = last;
      return out;
    }

    int size() {
      return size;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
