package io.salesvelocity.velocity.topology;

import io.salesvelocity.serde.InMemorySchemaRegistryClient;
import io.salesvelocity.serde.RegistryUnavailableException;
import io.salesvelocity.serde.SchemaRegistryClient;
import org.apache.avro.Schema;

/** The in-process registry, with an outage that a test switches on and off: lookups fail as the REST client's do. */
final class FlakyRegistry implements SchemaRegistryClient {
  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  volatile boolean down;

  private void check() {
    if (down) {
      throw new RegistryUnavailableException("schema registry unavailable (test outage)", null);
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    check();
    return registry.register(subject, schema);
  }

  @Override
  public int idOf(String subject, Schema schema) {
    check();
    return registry.idOf(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    check();
    return registry.schemaById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    check();
    return registry.latest(subject);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    check();
    return registry.isCompatible(subject, schema);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    registry.setCompatibility(subject, level);
  }

  @Override
  public void close() {
  }
}
