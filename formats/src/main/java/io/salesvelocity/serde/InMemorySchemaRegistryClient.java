package io.salesvelocity.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry inside the process, for runs with no registry server: in-process replays and
 * TopologyTestDriver tests. Same id semantics as the REST registry (one global id per distinct schema),
 * BACKWARD compatibility checked against the latest version.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
  private final Map<Schema, Integer> ids = new HashMap<>();
  private final Map<Integer, Schema> schemas = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new HashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = ids.get(schema);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    if (!isCompatible(subject, schema)) {
      throw new SchemaRegistryException("schema is not BACKWARD compatible with the latest version of " + subject,
          409, 409);
    }
    int id = ids.computeIfAbsent(schema, s -> ids.size() + 1);
    schemas.putIfAbsent(id, schema);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    Integer id = ids.get(schema);
    if (id == null || !subjects.getOrDefault(subject, List.of()).contains(id)) {
      throw new SchemaRegistryException("schema not found under subject " + subject, 404, 40403);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new RecordReadException(ReadFailure.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry", null);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException("subject " + subject + " not found", 404, 40401);
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, versions.size(), id, schemas.get(id));
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Integer> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      return true;
    }
    Schema latest = schemas.get(versions.get(versions.size() - 1));
    return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  @Override
  public void setCompatibility(String subject, String level) {
    if (!"BACKWARD".equals(level)) {
      throw new UnsupportedOperationException("the in-memory registry checks BACKWARD compatibility only");
    }
  }

  @Override
  public void close() {
  }
}
