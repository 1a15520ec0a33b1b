package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateStreamTest {
  @Test
  void shouldWantEveryKindAndScopeWithoutAFilter() {
    UpdateStream.Filter all = UpdateStream.Filter.of(null, null);
    assertThat(all.events()).containsExactlyInAnyOrder("team", "segment", "funnel", "stalled");
    assertThat(all.wants("segment", Map.of("scope", "emea"))).isTrue();
  }

  @Test
  void shouldWantOnlyTheKindsAndTheScopeAsked() {
    UpdateStream.Filter f = UpdateStream.Filter.of("segment, stalled", "emea");
    assertThat(f.wants("team", Map.of("teamId", "emea"))).isFalse();
    assertThat(f.wants("segment", Map.of("scope", "emea"))).isTrue();
    assertThat(f.wants("segment", Map.of("scope", "ALL"))).isFalse();
    assertThat(f.wants("stalled", Map.of("teamId", "emea"))).as("a stalled deal by its team").isTrue();
    assertThat(f.wants("stalled", Map.of("teamId", "na"))).isFalse();
    assertThat(UpdateStream.Filter.of("team", "emea").wants("team", Map.of("teamId", "na")))
        .as("the scope is not a filter of teams").isTrue();
  }

  @Test
  void shouldRefuseAKindItDoesNotSend() {
    assertThatThrownBy(() -> UpdateStream.Filter.of("team,velocity", null)).isInstanceOf(ApiException.class)
        .hasMessageContaining("'velocity' is none of team, segment, funnel, stalled");
  }

  @Test
  void shouldKeyEachKindByWhatAClientKeepsTheLatestOf() {
    assertThat(UpdateStream.keyOf("team", Map.of("teamId", "emea"))).isEqualTo("team/emea");
    assertThat(UpdateStream.keyOf("segment", Map.of("scope", "ALL", "dimension", "industry", "segment", "RETAIL")))
        .isEqualTo("segment/ALL/industry/RETAIL");
    assertThat(UpdateStream.keyOf("funnel", Map.of("scope", "emea", "stage", "SQL"))).isEqualTo("funnel/emea/SQL");
    assertThat(UpdateStream.keyOf("stalled", Map.of("leadId", "L1", "teamId", "emea"))).isEqualTo("stalled/L1");
  }
}
