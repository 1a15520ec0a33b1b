package io.salesvelocity.velocity.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanonicalStringsTest {
  @Test
  void shouldReturnTheFirstCopyOfAStringForEveryLaterEqualOne() {
    CanonicalStrings table = new CanonicalStrings();
    String first = new String("rep-37");
    String second = new String("rep-37");

    assertThat(table.of(first)).isSameAs(first);
    assertThat(table.of(second)).isSameAs(first).isEqualTo(second);
  }

  @Test
  void shouldHoldAtMostItsSlotsAndStillAnswerEqualStringsForAnyNumberOfNames() {
    CanonicalStrings table = new CanonicalStrings();
    Set<String> returned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 20 * CanonicalStrings.SLOTS; i++) {
      String name = "owner-" + (i % (3 * CanonicalStrings.SLOTS));
      names.add(name);
      String c = table.of(name);
      assertThat(c).isEqualTo(name);
      returned.add(c);
    }
    assertThat(names).hasSize(3 * CanonicalStrings.SLOTS);
    assertThat(returned).as("names colliding in a slot stay copies of their own").hasSizeGreaterThan(names.size());
  }
}
