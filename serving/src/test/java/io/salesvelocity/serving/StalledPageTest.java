package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StalledPageTest {
  private static Map<String, Object> deal(String began, String lead) {
    return Map.of("visitBegan", began, "leadId", lead);
  }

  @Test
  void shouldStartAfterTheDealTheCursorNames() {
    List<Map<String, Object>> deals = List.of(deal("2025-01-01T00:00:00Z", "A"), deal("2025-01-01T00:00:00Z", "B"),
        deal("2025-01-02T00:00:00Z", "A"));
    assertThat(StalledPage.start(deals, null)).isZero();
    assertThat(StalledPage.start(deals, StalledPage.cursorAfter(deals.get(0)))).isEqualTo(1);
    assertThat(StalledPage.start(deals, StalledPage.cursorAfter(deals.get(2)))).isEqualTo(3);
  }

  @Test
  void shouldNotSkipADealWhenTheLastOneOfAPageResolvedMeanwhile() {
    List<Map<String, Object>> deals = new ArrayList<>(List.of(deal("2025-01-01T00:00:00Z", "A"),
        deal("2025-01-02T00:00:00Z", "B"), deal("2025-01-03T00:00:00Z", "C")));
    String cursor = StalledPage.cursorAfter(deals.get(1));
    deals.remove(1); // B resolved
    assertThat(StalledPage.start(deals, cursor)).as("C comes next").isEqualTo(1);
  }

  @Test
  void shouldRefuseACursorItDidNotMake() {
    assertThatThrownBy(() -> StalledPage.start(List.of(), "%%%")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> StalledPage.start(List.of(), "bm90LWEtY3Vyc29y")).isInstanceOf(ApiException.class);
  }
}
