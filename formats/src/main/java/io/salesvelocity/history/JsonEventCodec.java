package io.salesvelocity.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.serde.Printable;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One CRM event as one JSON object, driven by the Avro schema so the field names are the contract's:
 * {@code type} first, then every non-null field in schema order; timestamps as ISO-8601 UTC instants,
 * decimals as strings, enums as their symbols.
 */
public final class JsonEventCodec {
  public static final String TYPE_FIELD = "type";

  private final JsonFactory factory = new JsonFactory();

  public void write(SpecificRecord record, JsonGenerator out) throws IOException {
    EventType type = EventType.of(record);
    out.writeStartObject();
    out.writeStringField(TYPE_FIELD, type.typeName());
    for (Schema.Field f : record.getSchema().getFields()) {
      Object value = record.get(f.pos());
      if (value == null) {
        continue;
      }
      out.writeFieldName(f.name());
      writeValue(nonNull(f.schema()), value, out);
    }
    out.writeEndObject();
  }

  private static void writeValue(Schema schema, Object value, JsonGenerator out) throws IOException {
    LogicalType logical = schema.getLogicalType();
    if (value instanceof Instant instant) {
      out.writeString(instant.toString());
    } else if (value instanceof BigDecimal decimal) {
      out.writeString(decimal.toPlainString());
    } else if (logical == null && schema.getType() == Schema.Type.INT) {
      out.writeNumber((Integer) value);
    } else if (logical == null && schema.getType() == Schema.Type.LONG) {
      out.writeNumber((Long) value);
    } else if (schema.getType() == Schema.Type.DOUBLE) {
      out.writeNumber((Double) value);
    } else if (schema.getType() == Schema.Type.BOOLEAN) {
      out.writeBoolean((Boolean) value);
    } else {
      out.writeString(value.toString()); // strings and enum symbols
    }
  }

  /** Reads one JSON object (one line) as a CRM event; HistoryFormatException says what is wrong with it. */
  public SpecificRecord read(String json) {
    try {
      return read(factory.createParser(json));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /**
   * As {@link #read(String)}, from the line's UTF-8 bytes (valid UTF-8: the caller checks), without making a string
   * of the whole line first.
   */
  public SpecificRecord read(byte[] utf8) {
    try {
      return read(factory.createParser(utf8));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static HistoryFormatException malformed(IOException e) {
    return new HistoryFormatException("malformed JSON: " + Printable.of(firstLine(e.getMessage()), 200));
  }

  private SpecificRecord read(JsonParser parser) {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser p = parser) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new HistoryFormatException("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          throw new HistoryFormatException("field '" + name + "' must be a single value, not an object or array");
        }
        fields.put(name, v == JsonToken.VALUE_NULL ? null : p.getText());
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new HistoryFormatException("not a single JSON object");
      }
    } catch (HistoryFormatException e) {
      throw e;
    } catch (IOException e) {
      throw malformed(e);
    }
    String typeName = fields.get(TYPE_FIELD);
    EventType type = EventType.ofTypeName(typeName);
    if (type == null) {
      throw new HistoryFormatException(typeName == null ? "missing field 'type'"
          : "unknown type '" + Printable.of(typeName, 60) + "': expected lead-created, stage-changed or deal-closed");
    }
    SpecificData model = SpecificData.getForSchema(type.schema());
    SpecificRecord record = (SpecificRecord) model.newRecord(null, type.schema());
    for (Schema.Field f : type.schema().getFields()) {
      String text = fields.get(f.name());
      Object value;
      if (text == null) {
        if (!f.hasDefaultValue() && !nullable(f.schema())) {
          throw new HistoryFormatException("missing required field '" + f.name() + "' of " + type.typeName());
        }
        value = f.hasDefaultValue() ? model.getDefaultValue(f) : null;
      } else {
        value = parse(type, f, nonNull(f.schema()), text, model);
      }
      record.put(f.pos(), value);
    }
    return record;
  }

  private static Object parse(EventType type, Schema.Field f, Schema schema, String text, SpecificData model) {
    LogicalType logical = schema.getLogicalType();
    try {
      if (logical instanceof LogicalTypes.TimestampMillis) {
        try {
          return parseInstant(text);
        } catch (ArithmeticException e) {
          throw new HistoryFormatException(HistoryEntry.INVALID_EVENT_TIME, "field '" + f.name() + "' of "
              + type.typeName() + ": " + Printable.of(text, 60) + " is outside the range of timestamp-millis");
        }
      }
      if (logical instanceof LogicalTypes.Decimal decimal) {
        BigDecimal d = new BigDecimal(text.trim());
        int integerDigits = d.precision() - d.scale();
        if (integerDigits > decimal.getPrecision() - decimal.getScale()) {
          throw new HistoryFormatException(HistoryEntry.AMOUNT_OUT_OF_RANGE, "field '" + f.name() + "' of "
              + type.typeName() + ": " + Printable.of(text, 40) + " does not fit decimal(" + decimal.getPrecision() + ","
              + decimal.getScale() + ") (at most " + (decimal.getPrecision() - decimal.getScale())
              + " digits before the point)");
        }
        try {
          return d.setScale(decimal.getScale());
        } catch (ArithmeticException e) {
          throw new HistoryFormatException("field '" + f.name() + "' of " + type.typeName() + " has more than "
              + decimal.getScale() + " decimal places: " + Printable.of(text, 40));
        }
      }
      return switch (schema.getType()) {
        case STRING -> text;
        case ENUM -> {
          if (!schema.getEnumSymbols().contains(text)) {
            throw new HistoryFormatException("field '" + f.name() + "' of " + type.typeName() + ": unknown symbol '"
                + Printable.of(text, 60) + "', expected one of " + schema.getEnumSymbols());
          }
          yield model.createEnum(text, schema);
        }
        case INT -> Integer.parseInt(text);
        case LONG -> Long.parseLong(text);
        case DOUBLE -> Double.parseDouble(text);
        case BOOLEAN -> Boolean.parseBoolean(text);
        default -> throw new HistoryFormatException("field '" + f.name() + "' has an unsupported type " + schema);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new HistoryFormatException("field '" + f.name() + "' of " + type.typeName() + " is not a valid "
          + describe(schema) + ": '" + Printable.of(text, 60) + "'");
    }
  }

  /** ISO-8601 with Z or an offset; stored at millisecond precision like the Avro timestamp-millis. */
  static Instant parseInstant(String text) {
    long fast = parseUtcMillis(text);
    if (fast != Long.MIN_VALUE) {
      return Instant.ofEpochMilli(fast);
    }
    String s = text.trim();
    Instant instant = s.endsWith("Z") || s.endsWith("z") ? Instant.parse(s) : OffsetDateTime.parse(s).toInstant();
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  /**
   * The common form {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} without the general parser (a third of a replay's
   * reading time otherwise); Long.MIN_VALUE for anything else, which the general parser then handles.
   */
  static long parseUtcMillis(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int millis = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return Long.MIN_VALUE;
      }
      int fraction = 0;
      int places = 0;
      for (int i = 20; i < n - 1; i++, places++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return Long.MIN_VALUE;
        }
        if (places < 3) {
          fraction = fraction * 10 + (c - '0');
        }
      }
      millis = places >= 3 ? fraction : fraction * (places == 1 ? 100 : 10);
    } else if (s.charAt(19) != 'Z') {
      return Long.MIN_VALUE;
    }
    if (year < 0 || hour < 0 || minute < 0 || second < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month)
        .lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1_000_000;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String describe(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return "ISO-8601 timestamp (e.g. 2026-03-01T09:30:00Z)";
    }
    if (logical instanceof LogicalTypes.Decimal) {
      return "decimal (e.g. \"80000.00\")";
    }
    return schema.getType().getName();
  }

  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> types = schema.getTypes();
    for (Schema s : types) {
      if (s.getType() != Schema.Type.NULL) {
        return s;
      }
    }
    return schema;
  }

  private static boolean nullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
