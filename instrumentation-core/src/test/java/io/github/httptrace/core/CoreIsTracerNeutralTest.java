package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Proves that no source file of the core, main or test, imports a tracer API (paths relative to the module). */
class CoreIsTracerNeutralTest {
  /**
   * An import, static or not, of a tracer API's package, anywhere in a line. Spelled in pieces so this file does not
   * match itself.
   */
  private static final Pattern TRACER_IMPORT = Pattern.compile(
      "\\bimport\\s+(static\\s+)?(io\\.open" + "tracing|io\\.open" + "telemetry|bra" + "ve|zip" + "kin2)\\b");

  @Test
  void mainSourcesImportNoTracerApi() throws IOException {
    assertNoTracerImport(Path.of("src", "main", "java"));
  }

  @Test
  void testSourcesImportNoTracerApi() throws IOException {
    assertNoTracerImport(Path.of("src", "test", "java"));
  }

  @Test
  void thePatternCatchesEachTracerImport() {
    for (String line : List.of("import io.open" + "tracing.Span;", "import static io.open" + "tracing.tag.Tags.ERROR;",
        "  import io.open" + "telemetry.api.trace.Span;", "import bra" + "ve.Tracing;", "import zip" + "kin2.Span;",
        "String s = \"import io.open" + "tracing\";")) {
      assertTrue(TRACER_IMPORT.matcher(line).find(), line);
    }
    for (String line : List.of("import io.github.httptrace.core.internal.Safe;", "import java.util.List;",
        " * {@code io.open" + "tracing.SpanContext} for OpenTracing.", "import bravely.Other;")) {
      assertFalse(TRACER_IMPORT.matcher(line).find(), line);
    }
  }

  private static void assertNoTracerImport(Path root) throws IOException {
    assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is not a directory: is the working directory "
        + "the module's?");
    List<String> offending = new ArrayList<>();
    int files;
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> sources = walk.filter(Files::isRegularFile).toList();
      files = sources.size();
      for (Path source : sources) {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (TRACER_IMPORT.matcher(lines.get(i)).find()) offending.add(source + ":" + (i + 1) + ": " + lines.get(i));
        }
      }
    }
    assertTrue(files > 0, "no source under " + root.toAbsolutePath());
    assertEquals(List.of(), offending);
  }
}
