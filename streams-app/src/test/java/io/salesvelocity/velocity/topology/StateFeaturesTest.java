package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StateFeaturesTest {
  private static final StateFeatures DEFAULTS = new StateFeatures(true, Set.of(30, 90));

  @Test
  void shouldReadBackWhatItStores() {
    assertThat(DEFAULTS.text()).isEqualTo("bridge=true;horizons=30,90");
    assertThat(StateFeatures.parse(DEFAULTS.text())).isEqualTo(DEFAULTS);
    StateFeatures off = new StateFeatures(false, Set.of());
    assertThat(off.text()).isEqualTo("bridge=false;horizons=");
    assertThat(StateFeatures.parse(off.text())).isEqualTo(off);
    assertThatThrownBy(() -> StateFeatures.parse("horizons=30")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNameWhatAConfigurationAddsToTheStateAndNothingItTakesAway() {
    StateFeatures off = new StateFeatures(false, Set.of());
    assertThat(off.addedBy(DEFAULTS)).containsExactly("the pipeline bridge (velocity.bridge=true)",
        "the forecasts of 30 days (velocity.forecast.horizons)", "the forecasts of 90 days (velocity.forecast.horizons)");
    assertThat(DEFAULTS.addedBy(new StateFeatures(true, Set.of(30, 60, 90))))
        .containsExactly("the forecasts of 60 days (velocity.forecast.horizons)");
    assertThat(DEFAULTS.addedBy(off)).as("turning off").isEmpty();
    assertThat(DEFAULTS.addedBy(new StateFeatures(true, Set.of(30)))).as("a horizon left out").isEmpty();
    assertThat(DEFAULTS.addedBy(DEFAULTS)).isEmpty();
  }
}
