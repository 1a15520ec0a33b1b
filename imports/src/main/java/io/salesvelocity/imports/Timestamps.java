package io.salesvelocity.imports;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;

/**
 * How an export writes its instants. By default ISO-8601: {@code 2024-01-15T10:23:45.000Z}, Salesforce's
 * {@code 2024-01-15T10:23:45.000+0000}, a space instead of the {@code T}, without an offset (then in the time zone),
 * or a date alone ({@code 2024-01-15}: at {@code dateTime} in the time zone, 00:00 by default). With a pattern
 * ({@link DateTimeFormatter#ofPattern}), the same rules for what the pattern leaves out. The contract's event times
 * start at 1970-01-01T00:00:00Z, so an earlier instant does not parse.
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME)
      .optionalStart().appendPattern("[XXX][XX][X]").optionalEnd()
      .optionalEnd().toFormatter();

  private final DateTimeFormatter format;
  private final ZoneId zone;
  private final LocalTime dateTime;

  /**
   * @param pattern  a java.time pattern, null for ISO-8601
   * @param zone     the zone of values without an offset
   * @param dateTime the time of day of values without one
   */
  public Timestamps(String pattern, ZoneId zone, LocalTime dateTime) {
    try {
      this.format = pattern == null ? ISO : DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new ImportException("date.format '" + pattern + "' is not a java.time pattern: " + e.getMessage(), e);
    }
    this.zone = zone;
    this.dateTime = dateTime;
  }

  /** ISO-8601, UTC, date-only values at 00:00: what Salesforce's export needs. */
  public static Timestamps isoUtc() {
    return new Timestamps(null, ZoneOffset.UTC, LocalTime.MIDNIGHT);
  }

  /** The instant {@code text} means; DateTimeException with a readable message when it means none. */
  public Instant parse(String text) {
    String t = text.trim();
    if (format == ISO && t.length() > 10 && t.charAt(10) == ' ') {
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    TemporalAccessor parsed = format.parseBest(t, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
        LocalDate::from);
    Instant instant;
    if (parsed instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else if (parsed instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (parsed instanceof LocalDateTime l) {
      instant = l.atZone(zone).toInstant();
    } else {
      instant = ((LocalDate) parsed).atTime(dateTime).atZone(zone).toInstant();
    }
    if (instant.isBefore(Instant.EPOCH)) {
      throw new DateTimeException("'" + text + "' is before 1970-01-01T00:00:00Z, the earliest event time");
    }
    return instant;
  }
}
