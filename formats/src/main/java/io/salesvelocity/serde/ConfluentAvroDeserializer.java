package io.salesvelocity.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a SpecificRecord of one type, resolving the writer's schema (by id,
 * from the registry) against the reader's. Permanent failures are {@link RecordReadException}s with a
 * {@link ReadFailure}; a registry outage is a {@link RegistryUnavailableException}, never a bad record.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private final Schema readerSchema;
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();

  public ConfluentAvroDeserializer(Class<T> type) {
    this(type, null);
  }

  public ConfluentAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.type = Objects.requireNonNull(type, "type");
    this.readerSchema = SpecificData.get().getSchema(type);
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(configs));
      ownsClient = true;
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < WireFormat.HEADER_SIZE || data[0] != WireFormat.MAGIC_BYTE) {
      throw new RecordReadException(ReadFailure.UNREADABLE_BYTES, data.length < WireFormat.HEADER_SIZE
          ? "record of " + data.length + " bytes is shorter than the 5-byte wire format header"
          : "unknown magic byte " + data[0] + " (expected 0, the Confluent wire format)", null);
    }
    if (client == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    Reader<T> reader = readers.computeIfAbsent(id, this::reader);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
        data.length - WireFormat.HEADER_SIZE, null);
    T record;
    try {
      record = reader.datumReader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new RecordReadException(ReadFailure.UNREADABLE_BYTES,
            "trailing bytes after a " + type.getSimpleName() + " written with schema id " + id, null);
      }
    } catch (AvroTypeException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.startsWith("No match for")) {
        String symbol = message.substring("No match for".length()).trim();
        throw new RecordReadException(ReadFailure.UNKNOWN_ENUM_SYMBOL,
            enumWithSymbol(reader.writer(), symbol, new java.util.HashSet<>()), message + " in " + type.getSimpleName(),
            e);
      }
      throw new RecordReadException(ReadFailure.INCOMPATIBLE_SCHEMA, "schema id " + id + " cannot be read as "
          + type.getSimpleName() + ": " + message, e);
    } catch (RecordReadException e) {
      throw e;
    } catch (SecurityException e) {
      throw e; // Avro's trusted-packages check: a configuration fault of this JVM, never a bad record
    } catch (java.io.IOException | RuntimeException e) {
      // whatever else the bytes make Avro's reader or a logical-type conversion throw (a zero-length decimal, a
      // negative length, ...): these bytes can never be read, and no record may stop the engine
      throw corrupt(id, e);
    }
    return record;
  }

  private static RecordReadException corrupt(int id, Exception e) {
    return new RecordReadException(ReadFailure.UNREADABLE_BYTES, "corrupt Avro body for schema id " + id + ": " + e, e);
  }

  private Reader<T> reader(int id) {
    Schema writer = client.schemaById(id);
    SchemaCompatibility.SchemaPairCompatibility compat;
    try {
      compat = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    } catch (AvroRuntimeException e) {
      throw new RecordReadException(ReadFailure.INVALID_SCHEMA, "schema id " + id + " cannot be resolved against "
          + type.getSimpleName() + ": " + e.getMessage(), e);
    }
    for (SchemaCompatibility.Incompatibility inc : compat.getResult().getIncompatibilities()) {
      if (inc.getType() == SchemaCompatibility.SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE) {
        throw new RecordReadException(ReadFailure.MISSING_REQUIRED_FIELD, "schema id " + id + " lacks required field "
            + inc.getMessage() + " of " + type.getSimpleName() + " (" + inc.getLocation() + ")", null);
      }
    }
    String decimals = DecimalScales.mismatch(readerSchema, writer);
    if (decimals != null) {
      throw new RecordReadException(ReadFailure.INCOMPATIBLE_SCHEMA, "schema id " + id + " cannot be read as "
          + type.getSimpleName() + ": " + decimals, null);
    }
    // Other differences (extra enum symbols, unions) are left to Avro's resolver, which fails only the records
    // that really use something the reader cannot represent.
    return new Reader<>(new SpecificDatumReader<>(writer, readerSchema), writer);
  }

  /** The name of the writer's enum that has {@code symbol} (so a reader can say which field it was), or null. */
  private static String enumWithSymbol(Schema s, String symbol, java.util.Set<String> seen) {
    switch (s.getType()) {
      case ENUM:
        return s.getEnumSymbols().contains(symbol) ? s.getName() : null;
      case RECORD:
        if (!seen.add(s.getFullName())) {
          return null;
        }
        for (Schema.Field f : s.getFields()) {
          String found = enumWithSymbol(f.schema(), symbol, seen);
          if (found != null) {
            return found;
          }
        }
        return null;
      case UNION:
        for (Schema branch : s.getTypes()) {
          String found = enumWithSymbol(branch, symbol, seen);
          if (found != null) {
            return found;
          }
        }
        return null;
      case ARRAY:
        return enumWithSymbol(s.getElementType(), symbol, seen);
      case MAP:
        return enumWithSymbol(s.getValueType(), symbol, seen);
      default:
        return null;
    }
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }

  public Class<T> type() {
    return type;
  }

  private record Reader<T>(SpecificDatumReader<T> datumReader, Schema writer) { }
}
