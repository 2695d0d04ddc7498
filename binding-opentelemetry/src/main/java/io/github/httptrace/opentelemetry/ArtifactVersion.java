package io.github.httptrace.opentelemetry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This artifact's version, the instrumentation scope's version: written into a resource at build time. */
final class ArtifactVersion {
  /** Read once: the tracers and meters of every binding carry it. */
  static final String VERSION = read();

  private ArtifactVersion() {}

  private static String read() {
    try (InputStream in = ArtifactVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) return null;
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      // An unfiltered resource (an IDE build) has no version to tell.
      return version == null || version.startsWith("${") ? null : version;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
