package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.LeadHistory;
import io.salesvelocity.velocity.lead.RawEvent;
import io.salesvelocity.velocity.state.LeadState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Lead histories in exactly the bytes of Avro's single-object encoding of {@code LeadState} (marker C3 01, the
 * schema's 8-byte fingerprint, the binary body), written and read field by field with Avro's own binary
 * encoder and decoder instead of building Avro objects and walking the schema: this is the lead-state store's
 * path, taken once per event. Bytes with another fingerprint (state written under another version of the
 * schema) go through Avro's message decoder, as before. {@code LeadStateCodecTest} checks the bytes against
 * Avro's encoder.
 */
final class LeadStateCodec {
  private static final byte[] HEADER = header();
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private LeadStateCodec() {
  }

  static byte[] encode(LeadHistory h) {
    Buffers b = BUFFERS.get();
    b.sink.reset();
    b.sink.write(HEADER, 0, HEADER.length);
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(b.sink, b.encoder);
    b.encoder = out;
    try {
      write(h, out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.sink.toByteArray();
  }

  static LeadHistory decode(byte[] bytes) {
    if (bytes.length < HEADER.length || !Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      try {
        return StateSerdes.fromAvro(LeadState.getDecoder().decode(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Buffers b = BUFFERS.get();
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, HEADER.length, bytes.length - HEADER.length,
        b.decoder);
    b.decoder = in;
    try {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(LeadHistory h, BinaryEncoder out) throws IOException {
    out.writeString(h.leadId());
    LeadHistory.Created c = h.created();
    out.writeIndex(c == null ? 0 : 1);
    if (c != null) {
      out.writeString(c.eventId());
      out.writeLong(c.time());
      out.writeString(c.teamId());
      out.writeInt(c.stage());
    }
    List<LeadHistory.StageEntry> stages = h.stages();
    out.writeArrayStart();
    out.setItemCount(stages.size());
    for (LeadHistory.StageEntry s : stages) {
      out.startItem();
      out.writeString(s.eventId());
      out.writeLong(s.time());
      out.writeInt(s.stage());
      writeNullable(out, s.teamId());
    }
    out.writeArrayEnd();
    LeadHistory.Closed k = h.closed();
    out.writeIndex(k == null ? 0 : 1);
    if (k != null) {
      out.writeString(k.eventId());
      out.writeLong(k.time());
      out.writeBoolean(k.won());
      writeNullable(out, k.amount() == null ? null : k.amount().toPlainString());
      writeNullable(out, k.teamId());
    }
    out.writeArrayStart();
    out.setItemCount(h.held().size());
    for (RawEvent r : h.held().values()) {
      out.startItem();
      out.writeString(r.eventId());
      out.writeLong(r.eventTime());
      out.writeString(r.topic());
      out.writeInt(r.partition());
      out.writeLong(r.offset());
      out.writeLong(r.timestamp());
      writeNullable(out, r.key());
      writeNullable(out, r.value());
    }
    out.writeArrayEnd();
  }

  private static LeadHistory read(BinaryDecoder in) throws IOException {
    String leadId = in.readString();
    LeadHistory.Created created = null;
    if (in.readIndex() == 1) {
      created = new LeadHistory.Created(in.readString(), in.readLong(), in.readString(), in.readInt());
    }
    List<LeadHistory.StageEntry> stages = new ArrayList<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        stages.add(new LeadHistory.StageEntry(in.readString(), in.readLong(), in.readInt(), readNullableString(in)));
      }
    }
    LeadHistory.Closed closed = null;
    if (in.readIndex() == 1) {
      String eventId = in.readString();
      long time = in.readLong();
      boolean won = in.readBoolean();
      String amount = readNullableString(in);
      closed = new LeadHistory.Closed(eventId, time, won, amount == null ? null : new BigDecimal(amount),
          readNullableString(in));
    }
    Map<String, RawEvent> held = new LinkedHashMap<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        RawEvent r = new RawEvent(in.readString(), in.readLong(), in.readString(), in.readInt(), in.readLong(),
            in.readLong(), readNullableBytes(in), readNullableBytes(in));
        held.put(r.eventId(), r);
      }
    }
    return new LeadHistory(leadId, created, stages, closed, held);
  }

  private static void writeNullable(BinaryEncoder out, String s) throws IOException {
    out.writeIndex(s == null ? 0 : 1);
    if (s != null) {
      out.writeString(s);
    }
  }

  private static void writeNullable(BinaryEncoder out, byte[] bytes) throws IOException {
    out.writeIndex(bytes == null ? 0 : 1);
    if (bytes != null) {
      out.writeBytes(bytes);
    }
  }

  private static String readNullableString(BinaryDecoder in) throws IOException {
    return in.readIndex() == 0 ? null : in.readString();
  }

  private static byte[] readNullableBytes(BinaryDecoder in) throws IOException {
    if (in.readIndex() == 0) {
      return null;
    }
    ByteBuffer b = in.readBytes(null);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The single-object encoding's marker and the schema's CRC-64-AVRO fingerprint, little-endian. */
  private static byte[] header() {
    long fingerprint = SchemaNormalization.parsingFingerprint64(LeadState.getClassSchema());
    ByteBuffer b = ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint);
    return b.array();
  }

  /** Per-thread scratch space: the sink grows to the largest history written and is reused. */
  private static final class Buffers {
    final Sink sink = new Sink();
    BinaryEncoder encoder;
    BinaryDecoder decoder;
  }

  /** A growable byte sink without the locking of {@link java.io.ByteArrayOutputStream}. */
  private static final class Sink extends OutputStream {
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

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
