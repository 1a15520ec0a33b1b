package io.salesvelocity.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code GET /}: the dashboard page ({@code dashboard/index.html} in the jar, its script and styles beside it), with
 * the version of the uPlot webjar on the classpath in its asset paths.
 */
final class Dashboard {
  private Dashboard() {
  }

  static String page() {
    return read("/dashboard/index.html").replace("{{uplot}}", uplotVersion());
  }

  static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = Dashboard.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the uplot webjar is not on the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static String read(String resource) {
    try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
