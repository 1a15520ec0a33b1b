package io.salesvelocity.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the dev stack's parts, filtered into devstack.properties by the build from the parent pom. */
final class DevstackVersions {
  static final String APICURIO = load().getProperty("apicurio.version");

  private DevstackVersions() {
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = DevstackVersions.class.getResourceAsStream("/devstack.properties")) {
      if (in == null) {
        throw new IllegalStateException("devstack.properties is missing from the classpath: build the devstack module");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
