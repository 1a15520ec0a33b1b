package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StageMapTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"Prospecting;NEW", "Qualification;MQL", "Needs Analysis;SRL",
      "Value Proposition;SAL", "Id. Decision Makers;SQL", "Perception Analysis;SQL", "Proposal/Price Quote;PROPOSAL",
      "Negotiation/Review;NEGOTIATION", "Closed Won;WON", "Closed Lost;LOST"})
  void shouldMapSalesforcesStandardPicklist(String name, String target) {
    assertThat(StageMap.salesforceDefaults().target(name)).contains(StageTarget.parse(target));
  }

  @Test
  void shouldMatchNamesWhateverTheirCaseAndSurroundingSpaces() {
    assertThat(StageMap.salesforceDefaults().target("  closed won ")).contains(StageTarget.of(Outcome.WON));
  }

  @Test
  void shouldAddAndReplaceEntriesAndNeverGuessAnUnknownName() {
    StageMap map = StageMap.salesforceDefaults().with("Discovery=SAL, Prospecting=MQL,Signed=won");
    assertThat(map.target("Discovery")).contains(StageTarget.of(Stage.SAL));
    assertThat(map.target("Prospecting")).contains(StageTarget.of(Stage.MQL));
    assertThat(map.target("Signed")).contains(StageTarget.of(Outcome.WON));
    assertThat(map.target("Qualification")).contains(StageTarget.of(Stage.MQL));
    assertThat(map.target("Closed")).isEmpty();
    assertThat(map.target("Proposal")).as("no prefix matching").isEmpty();
  }

  @Test
  void shouldRefuseAnEntryThatIsNotNameEqualsStage() {
    assertThatThrownBy(() -> StageMap.empty().with("Discovery")).isInstanceOf(ImportException.class)
        .hasMessageContaining("'Discovery' is not Name=STAGE");
    assertThatThrownBy(() -> StageMap.empty().with("Discovery=QUALIFIED")).isInstanceOf(ImportException.class)
        .hasMessageContaining("'QUALIFIED' is neither a stage of the contract");
  }

  @Test
  void shouldNameAStageByItsFirstEntry() {
    assertThat(StageMap.salesforceDefaults().nameOf(Stage.SQL)).contains("Id. Decision Makers");
    assertThat(StageMap.salesforceDefaults().nameOf(Outcome.LOST)).contains("Closed Lost");
  }
}
