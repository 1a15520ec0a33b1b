package io.salesvelocity.serving;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Any of the engine's output records as JSON without Avro's types, field by field in schema order: strings,
 * instants as ISO-8601 UTC strings, dates as ISO dates, decimals exact, enums by name.
 */
final class RecordJson {
  private RecordJson() {
  }

  static Map<String, Object> of(SpecificRecord record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Schema.Field f : record.getSchema().getFields()) {
      out.put(f.name(), value(record.get(f.pos())));
    }
    return out;
  }

  private static Object value(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof CharSequence || v instanceof Enum<?> || v instanceof Instant || v instanceof LocalDate) {
      return v.toString();
    }
    if (v instanceof SpecificRecord r) {
      return of(r);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(e -> out.add(value(e)));
      return out;
    }
    return v.toString();
  }
}
