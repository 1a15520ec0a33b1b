package io.salesvelocity.velocity.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** State written by an earlier version is recognized by the changelogs of its retired stores, of this application. */
class StateVersionCheckTest {
  @Test
  void shouldFindTheChangelogsOfRetiredStoresOfThisApplicationOnly() {
    Set<String> topics = Set.of("app-team-delta-log-changelog", "app-funnel-open-visits-changelog",
        "app-team-days-changelog", "other-all-teams-funnel-log-changelog", "app-lead-state-changelog");
    assertThat(StateVersionCheck.retiredChangelogs("app", topics))
        .containsExactly("app-funnel-open-visits-changelog", "app-team-delta-log-changelog");
    assertThat(StateVersionCheck.retiredChangelogs("new", topics)).isEmpty();
  }
}
