package io.salesvelocity.velocity.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic with its key and value serdes, configured once; topology code only ever sees these. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }
}
