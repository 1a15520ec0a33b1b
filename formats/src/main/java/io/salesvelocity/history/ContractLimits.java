package io.salesvelocity.history;


import io.salesvelocity.serde.Printable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Limits of the event contract that Avro itself does not enforce when reading: a decimal field holds at most the
 * digits its {@code decimal(precision, scale)} type declares (Avro's reader accepts any length of bytes, its
 * writer refuses), and identifiers have a bounded length.
 */
public final class ContractLimits {
  /** The longest eventId, leadId, teamId or ownerId accepted, in characters. */
  public static final int MAX_IDENTIFIER_LENGTH = 256;

  private ContractLimits() {
  }

  /** The decimal fields of each schema seen, found once: this runs for every event. */
  private static final Map<Schema, List<Schema.Field>> DECIMALS = new ConcurrentHashMap<>();

  /** Why a decimal field of {@code record} does not fit its declared type, or null when every one fits. */
  public static String decimalOutOfRange(SpecificRecord record) {
    for (Schema.Field f : DECIMALS.computeIfAbsent(record.getSchema(), ContractLimits::decimalFields)) {
      Object value = record.get(f.pos());
      if (!(value instanceof BigDecimal decimal)) {
        continue;
      }
      LogicalTypes.Decimal type = (LogicalTypes.Decimal) JsonEventCodec.nonNull(f.schema()).getLogicalType();
      if (!fits(decimal, type)) {
        return "field '" + f.name() + "' of " + record.getSchema().getName() + ": "
            + Printable.of(decimal.toString(), 40) + " does not fit decimal(" + type.getPrecision() + ","
            + type.getScale() + ") (at most " + (type.getPrecision() - type.getScale()) + " digits before the point, "
            + type.getScale() + " after)";
      }
    }
    return null;
  }

  private static List<Schema.Field> decimalFields(Schema schema) {
    return schema.getFields().stream()
        .filter(f -> JsonEventCodec.nonNull(f.schema()).getLogicalType() instanceof LogicalTypes.Decimal).toList();
  }

  /** Whether Avro can write {@code value} as {@code type}: no rounding of the scale, no more digits than declared. */
  public static boolean fits(BigDecimal value, LogicalTypes.Decimal type) {
    int integerDigits = value.precision() - value.scale();
    if (integerDigits > type.getPrecision() - type.getScale()) {
      return false; // decided before setScale, which would build a number of that many digits
    }
    try {
      return value.setScale(type.getScale(), RoundingMode.UNNECESSARY).precision() <= type.getPrecision();
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
