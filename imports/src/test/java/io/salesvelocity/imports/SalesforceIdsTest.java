package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {
  @Test
  void shouldGiveThe15CharacterFormOfAn18CharacterIdWithItsChecksum() {
    assertThat(SalesforceIds.checksum("0015000000Gv7qJ")).isEqualTo("AAR");
    assertThat(SalesforceIds.canonical("0015000000Gv7qJAAR")).isEqualTo("0015000000Gv7qJ");
    assertThat(SalesforceIds.canonical("0015000000Gv7qJ")).isEqualTo("0015000000Gv7qJ");
  }

  @Test
  void shouldKeepIdsWhoseSuffixIsNoChecksumAsTheyAre() {
    assertThat(SalesforceIds.canonical("0015000000Gv7qJAAA")).isEqualTo("0015000000Gv7qJAAA");
    assertThat(SalesforceIds.canonical("L123-na-enterprise")).isEqualTo("L123-na-enterprise");
  }

  @Test
  void shouldTellIdsThatDifferOnlyInCaseApart() {
    assertThat(SalesforceIds.checksum("0015000000gv7qj")).isNotEqualTo(SalesforceIds.checksum("0015000000Gv7qJ"));
  }
}
