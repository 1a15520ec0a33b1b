package io.salesvelocity.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.salesvelocity.schemas.EventType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes CRM events to a history file in one of the {@link HistoryFormat}s. Output depends only on the events
 * and the {@code syncSeed}: the Avro container's sync marker is derived from it instead of being random, so the
 * same events give byte-identical files.
 */
public abstract class HistoryWriter implements AutoCloseable {
  private long written;

  public static HistoryWriter open(Path path, long syncSeed) {
    return open(path, HistoryFormat.of(path), syncSeed);
  }

  public static HistoryWriter open(Path path, HistoryFormat format, long syncSeed) {
    try {
      OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      if (HistoryFormat.gzipped(path)) {
        out = new GZIPOutputStream(out, 1 << 16);
      }
      return format == HistoryFormat.AVRO ? new Avro(out, syncSeed) : new JsonLines(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public final void write(SpecificRecord event) {
    try {
      doWrite(event);
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a deliberately unreadable entry, to exercise rejection paths. JSON Lines only: an Avro container
   * cannot hold bytes that are not a record of its schema, so there it returns false and writes nothing.
   */
  public final boolean writeUnreadable(String text) {
    try {
      boolean done = doWriteUnreadable(text);
      if (done) {
        written++;
      }
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected abstract boolean doWriteUnreadable(String text) throws IOException;

  public long written() {
    return written;
  }

  protected abstract void doWrite(SpecificRecord event) throws IOException;

  @Override
  public abstract void close();

  /** The union schema of Avro history files. */
  public static Schema avroSchema() {
    return Schema.createUnion(EventType.LEAD_CREATED.schema(), EventType.STAGE_CHANGED.schema(),
        EventType.DEAL_CLOSED.schema());
  }

  private static final class JsonLines extends HistoryWriter {
    private final OutputStream out;
    private final JsonGenerator json;
    private final JsonEventCodec codec = new JsonEventCodec();

    JsonLines(OutputStream out) throws IOException {
      this.out = out;
      this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
      // one object per line: no separator between root values, a newline after each
      this.json.setPrettyPrinter(new MinimalPrettyPrinter(""));
      this.json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    protected void doWrite(SpecificRecord event) throws IOException {
      codec.write(event, json);
      json.writeRaw('\n');
    }

    @Override
    protected boolean doWriteUnreadable(String text) throws IOException {
      json.writeRaw(text.replace('\n', ' ') + "\n");
      return true;
    }

    @Override
    public void close() {
      try {
        json.close();
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Avro extends HistoryWriter {
    private final DataFileWriter<SpecificRecord> writer;

    Avro(OutputStream out, long syncSeed) throws IOException {
      Schema schema = avroSchema();
      writer = new DataFileWriter<>(new SpecificDatumWriter<SpecificRecord>(schema, HistoryReader.MODEL));
      writer.setCodec(CodecFactory.deflateCodec(1));
      writer.create(schema, out, syncMarker(syncSeed));
    }

    private static byte[] syncMarker(long seed) {
      byte[] sync = new byte[16];
      ByteBuffer.wrap(sync).putLong(seed).putLong(Long.reverse(seed) ^ 0x5CA1E5FE10C17EL);
      return sync;
    }

    @Override
    protected void doWrite(SpecificRecord event) throws IOException {
      writer.append(event);
    }

    @Override
    protected boolean doWriteUnreadable(String text) {
      return false;
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
