package io.salesvelocity.velocity.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outputs a team task's state was built for: whether it keeps the pipeline bridge, and the forecasts' horizons.
 * Their figures start from what the teams hear once they are on, so a task with state refuses a configuration that
 * adds one (an output turned on, a horizon added): it would publish figures that miss everything before. Turning one
 * off is taken (its figures just stop). As stored: {@code bridge=true;horizons=30,90}.
 */
record StateFeatures(boolean bridge, Set<Integer> horizons) {
  StateFeatures {
    horizons = Set.copyOf(new TreeSet<>(horizons));
  }

  static StateFeatures of(EngineSettings settings) {
    return new StateFeatures(settings.bridge(), new TreeSet<>(Arrays.stream(settings.horizons()).boxed().toList()));
  }

  String text() {
    return "bridge=" + bridge + ";horizons=" + String.join(",", new TreeSet<>(horizons).stream()
        .map(String::valueOf).toList());
  }

  static StateFeatures parse(String text) {
    String[] f = text.split(";", -1);
    if (f.length != 2 || !f[0].startsWith("bridge=") || !f[1].startsWith("horizons=")) {
      throw new IllegalArgumentException("not the features of a state: " + text);
    }
    String h = f[1].substring("horizons=".length());
    Set<Integer> horizons = new TreeSet<>();
    if (!h.isEmpty()) {
      Arrays.stream(h.split(",")).map(Integer::valueOf).forEach(horizons::add);
    }
    return new StateFeatures(Boolean.parseBoolean(f[0].substring("bridge=".length())), horizons);
  }

  /** What {@code now} has that this state was not built for, in words; empty when nothing. */
  List<String> addedBy(StateFeatures now) {
    List<String> out = new ArrayList<>();
    if (now.bridge && !bridge) {
      out.add("the pipeline bridge (velocity.bridge=true)");
    }
    for (int n : new TreeSet<>(now.horizons)) {
      if (!horizons.contains(n)) {
        out.add("the forecasts of " + n + " days (velocity.forecast.horizons)");
      }
    }
    return out;
  }
}
