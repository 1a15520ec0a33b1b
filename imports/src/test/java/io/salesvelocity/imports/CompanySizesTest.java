package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanySizesTest {
  @ParameterizedTest
  @CsvSource({"1,1-50", "50,1-50", "51,51-200", "200,51-200", "201,201-1000", "1000,201-1000", "1001,1000+",
      "250000,1000+"})
  void shouldBandEmployeesAtTheDocumentedBoundaries(long employees, String band) {
    assertThat(CompanySizes.band(employees)).isEqualTo(band);
    assertThat(CompanySizes.bandOf(Long.toString(employees))).isEqualTo(band);
  }

  @Test
  void shouldGiveNoBandForNothingANegativeOrAFraction() {
    assertThat(CompanySizes.band(0)).isNull();
    assertThat(CompanySizes.bandOf("-5")).isNull();
    assertThat(CompanySizes.bandOf("12.5")).isNull();
    assertThat(CompanySizes.bandOf("many")).isNull();
    assertThat(CompanySizes.bandOf(" 120.0 ")).as("a whole number written with a fraction").isEqualTo("51-200");
  }
}
