package io.salesvelocity.serde;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Whether a writer's schema declares the contract's decimal fields with the contract's scale. Avro's schema
 * resolution compares only the underlying bytes, so a writer's unscaled value would be read with the reader's
 * scale: 1.2345 written as decimal(18,4) would become 123.45 under decimal(18,2), with no error. A wider precision
 * is fine: the value is read exactly and its range checked against the contract.
 */
public final class DecimalScales {
  private DecimalScales() {
  }

  /**
   * What is wrong with the decimals of {@code writer} read as {@code reader}, or null. Both are records, or unions
   * of records (an Avro history file's schema), whose branches are matched by full name.
   */
  public static String mismatch(Schema reader, Schema writer) {
    if (reader.getType() == Schema.Type.UNION) {
      for (Schema branch : reader.getTypes()) {
        Schema written = branchOf(writer, branch);
        String m = written == null ? null : mismatch(branch, written);
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    if (reader.getType() != Schema.Type.RECORD || writer.getType() != Schema.Type.RECORD) {
      return null;
    }
    for (Schema.Field field : reader.getFields()) {
      LogicalTypes.Decimal wanted = decimalOf(field.schema());
      Schema.Field written = wanted == null ? null : writerField(writer, field);
      if (written == null) {
        continue;
      }
      LogicalTypes.Decimal got = decimalOf(written.schema());
      if (got == null) {
        return reader.getName() + "." + field.name() + " is not a decimal in the writer's schema; the contract's is "
            + "decimal(" + wanted.getPrecision() + "," + wanted.getScale() + ")";
      }
      if (got.getScale() != wanted.getScale()) {
        return reader.getName() + "." + field.name() + " is decimal(" + got.getPrecision() + "," + got.getScale()
            + ") in the writer's schema; the contract's is decimal(" + wanted.getPrecision() + ","
            + wanted.getScale() + "): the scales must be equal";
      }
    }
    return null;
  }

  private static Schema branchOf(Schema writer, Schema readerBranch) {
    if (writer.getType() != Schema.Type.UNION) {
      return writer.getType() == readerBranch.getType() && readerBranch.getType() == Schema.Type.RECORD
          && writer.getFullName().equals(readerBranch.getFullName()) ? writer : null;
    }
    for (Schema b : writer.getTypes()) {
      if (b.getType() == Schema.Type.RECORD && b.getFullName().equals(readerBranch.getFullName())) {
        return b;
      }
    }
    return null;
  }

  private static Schema.Field writerField(Schema writer, Schema.Field field) {
    Schema.Field f = writer.getField(field.name());
    for (String alias : field.aliases()) {
      if (f != null) {
        break;
      }
      f = writer.getField(alias);
    }
    return f;
  }

  /** The decimal logical type of a schema, or of a union's decimal branch (an optional field), or null. */
  private static LogicalTypes.Decimal decimalOf(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      for (Schema branch : s.getTypes()) {
        if (branch.getLogicalType() instanceof LogicalTypes.Decimal d) {
          return d;
        }
      }
      return null;
    }
    return s.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
  }
}
