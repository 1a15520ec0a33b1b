package io.salesvelocity.serde;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry REST API that the serdes and the tooling use. */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers the schema under the subject (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of a schema already registered under the subject; {@link SchemaRegistryException} 404 if absent. */
  int idOf(String subject, Schema schema);

  /** The schema with this global id; {@link RecordReadException} UNKNOWN_SCHEMA_ID if there is none. */
  Schema schemaById(int id);

  /** The latest version registered under the subject. */
  RegisteredSchema latest(String subject);

  /** Whether the schema could be registered as the next version under the subject's compatibility rule. */
  boolean isCompatible(String subject, Schema schema);

  /** Sets the subject's compatibility level (BACKWARD, FULL, ...). */
  void setCompatibility(String subject, String level);

  @Override
  void close();

  /** A schema as the registry holds it under a subject. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) { }
}
