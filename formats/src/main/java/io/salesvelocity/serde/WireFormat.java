package io.salesvelocity.serde;

/** Confluent's wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {
  }

  /** TopicNameStrategy, Confluent's default: {@code <topic>-key} or {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
