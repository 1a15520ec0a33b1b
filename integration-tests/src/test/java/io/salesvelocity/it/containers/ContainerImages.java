package io.salesvelocity.it.containers;

/**
 * The images of the container tests. The project's own, Kafka's and the registry's default to the ones
 * {@code docker/build-local-images.sh} builds, and system properties set others (e.g. the upstream images where a
 * registry can be reached): {@code -Dsalesvelocity.image.kafka=apache/kafka:4.4.0}.
 */
public final class ContainerImages {
  public static final String KAFKA = "${salesvelocity.image.kafka:salesvelocity-local/kafka:4.4.0}";
  public static final String REGISTRY =
      "${salesvelocity.image.registry:salesvelocity-local/apicurio-registry-mem:2.6.13.Final}";
  public static final String ENGINE = "${salesvelocity.image.engine:salesvelocity-local/salesvelocity:latest}";

  private ContainerImages() {
  }

  /** {@code ${property:default}} resolved from the system properties; any other text is an image name as it is. */
  public static String resolve(String spec) {
    if (!spec.startsWith("${") || !spec.endsWith("}")) {
      return spec;
    }
    String inner = spec.substring(2, spec.length() - 1);
    int colon = inner.indexOf(':');
    return System.getProperty(inner.substring(0, colon), inner.substring(colon + 1));
  }
}
