package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @ParameterizedTest
  @CsvSource({"2024-01-15T10:23:45.000Z,2024-01-15T10:23:45Z", "2024-01-15T10:23:45.123+0000,2024-01-15T10:23:45.123Z",
      "2024-01-15T12:23:45+02:00,2024-01-15T10:23:45Z", "2024-01-15 10:23:45Z,2024-01-15T10:23:45Z",
      "2024-01-15T10:23,2024-01-15T10:23:00Z", "2024-01-15,2024-01-15T00:00:00Z"})
  void shouldReadSalesforcesAndOtherIso8601Instants(String text, String instant) {
    assertThat(Timestamps.isoUtc().parse(text)).isEqualTo(Instant.parse(instant));
  }

  @Test
  void shouldPlaceValuesWithoutOffsetInTheTimeZoneAndDatesAtTheDateTime() {
    Timestamps t = new Timestamps(null, ZoneId.of("America/New_York"), LocalTime.of(23, 59, 59, 999_000_000));
    assertThat(t.parse("2024-07-01T09:00")).isEqualTo(Instant.parse("2024-07-01T13:00:00Z"));
    assertThat(t.parse("2024-07-01")).isEqualTo(Instant.parse("2024-07-02T03:59:59.999Z"));
    assertThat(t.parse("2024-07-01T09:00Z")).as("an offset wins").isEqualTo(Instant.parse("2024-07-01T09:00:00Z"));
  }

  @Test
  void shouldReadAPattern() {
    Timestamps t = new Timestamps("MM/dd/yyyy h:mm a", ZoneId.of("UTC"), LocalTime.MIDNIGHT);
    assertThat(t.parse("01/15/2024 3:05 PM")).isEqualTo(Instant.parse("2024-01-15T15:05:00Z"));
  }

  @Test
  void shouldRefuseTextThatIsNoInstantAndInstantsBefore1970() {
    assertThatThrownBy(() -> Timestamps.isoUtc().parse("15/01/2024")).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Timestamps.isoUtc().parse("1969-12-31T23:59:59Z")).isInstanceOf(DateTimeException.class)
        .hasMessageContaining("before 1970");
    assertThatThrownBy(() -> new Timestamps("yyyy-MM-dd ppp q", ZoneId.of("UTC"), LocalTime.MIDNIGHT))
        .isInstanceOf(ImportException.class);
  }
}
