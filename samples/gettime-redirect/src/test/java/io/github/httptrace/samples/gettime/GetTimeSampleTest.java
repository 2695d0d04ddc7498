package io.github.httptrace.samples.gettime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample in {@code both} mode, as a newcomer runs it: the printed result and trace tree. */
class GetTimeSampleTest {
  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient"})
  void bothModePrintsTheResultAndTheWholeTraceTree(String library) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = GetTimeSample.run(SampleOptions.parse("--actor=both", "--client=" + library), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().collect(Collectors.toList());

    assertEquals(0, status, output);
    assertTrue(lines.get(0).startsWith("Received result: The time is "), output);
    assertTrue(lines.get(lines.size() - 1).matches("Trace ID: [0-9a-f]{16,32}"), output);

    // The tree: the client's job, two attempts under it (301 then 200), a server span under each attempt.
    List<String> spans = lines.stream().filter(line -> line.contains("  [")).collect(Collectors.toList());
    assertEquals(5, spans.size(), output);
    assertTrue(spans.get(0).startsWith("gettime  [gettime-client]"), output);
    assertTrue(spans.get(1).startsWith("    HTTP GET  [gettime-client, client]"), output);
    assertTrue(spans.get(2).startsWith("        GET /  [gettime-server, server]"), output);
    assertTrue(spans.get(3).startsWith("    HTTP GET  [gettime-client, client]"), output);
    assertTrue(spans.get(4).startsWith("        GET /gettime  [gettime-server, server]"), output);

    List<List<String>> blocks = blocks(lines, spans);
    assertTrue(blocks.get(1).contains("        http.status_code=301"), output);
    assertTrue(blocks.get(2).contains("            http.status_code=301"), output);
    assertTrue(blocks.get(3).contains("        http.status_code=200"), output);
    assertTrue(blocks.get(4).contains("            http.status_code=200"), output);
    for (String event : List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "GotConn",
        "WroteHeaders", "GotFirstResponseByte", "ClosedBody", "Redirect")) {
      assertTrue(blocks.get(1).stream().anyMatch(line -> line.contains("@") && line.contains(event)),
          () -> event + " on the first attempt: " + output);
    }
    assertTrue(blocks.get(3).stream().anyMatch(line -> line.contains("reused=true")), output);
  }

  /**
   * Every {@code --tracer} prints the same tree: Jaeger keeps the kind as its span.kind tag, shown as the kind; the
   * OpenTelemetry shim records every span as INTERNAL, so its tree shows no kind and the span.kind attribute.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jaeger", "otel-shim"})
  void everyTracerPrintsTheWholeTree(String tracer) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = GetTimeSample.run(SampleOptions.parse("--actor=both", "--tracer=" + tracer), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().collect(Collectors.toList());

    assertEquals(0, status, output);
    assertTrue(lines.get(0).startsWith("Received result: The time is "), output);
    assertTrue(lines.get(lines.size() - 1).matches("Trace ID: [0-9a-f]{32}"), output);
    boolean shim = tracer.equals("otel-shim");
    String client = shim ? "[gettime-client]" : "[gettime-client, client]";
    String server = shim ? "[gettime-server]" : "[gettime-server, server]";
    List<String> spans = lines.stream().filter(line -> line.contains("  [")).collect(Collectors.toList());
    assertEquals(5, spans.size(), output);
    assertTrue(spans.get(0).startsWith("gettime  [gettime-client]"), output);
    assertTrue(spans.get(1).startsWith("    HTTP GET  " + client), output);
    assertTrue(spans.get(2).startsWith("        GET /  " + server), output);
    assertTrue(spans.get(3).startsWith("    HTTP GET  " + client), output);
    assertTrue(spans.get(4).startsWith("        GET /gettime  " + server), output);
    List<List<String>> blocks = blocks(lines, spans);
    assertTrue(blocks.get(1).contains("        http.status_code=301"), output);
    assertTrue(blocks.get(4).contains("            http.status_code=200"), output);
    if (shim) {
      assertTrue(blocks.get(1).contains("        span.kind=client"), output);
      assertTrue(blocks.get(2).contains("            span.kind=server"), output);
    }
    for (String event : List.of("GetConn", "DNSStart", "ConnectDone", "GotConn", "GotFirstResponseByte",
        "Redirect")) {
      assertTrue(blocks.get(1).stream().anyMatch(line -> line.contains("@") && line.contains(event)),
          () -> event + " on the first attempt: " + output);
    }
  }

  /**
   * {@code --tracer=brave-native}: Brave's own API through the Brave binding, in Brave's HTTP conventions (attempts
   * named {@code GET}, {@code http.path}, the status only when not 2xx) with our events as annotations.
   */
  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient"})
  void braveNativePrintsTheTreeInBravesConventions(String library) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = GetTimeSample.run(
          SampleOptions.parse("--actor=both", "--tracer=brave-native", "--client=" + library), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().collect(Collectors.toList());

    assertEquals(0, status, output);
    assertTrue(lines.get(0).startsWith("Received result: The time is "), output);
    assertTrue(lines.get(lines.size() - 1).matches("Trace ID: [0-9a-f]{32}"), output);
    List<String> spans = lines.stream().filter(line -> line.contains("  [")).collect(Collectors.toList());
    assertEquals(5, spans.size(), output);
    assertTrue(spans.get(0).startsWith("gettime  [gettime-client]"), output);
    assertTrue(spans.get(1).startsWith("    GET  [gettime-client, client]"), output);
    assertTrue(spans.get(2).startsWith("        GET /  [gettime-server, server]"), output);
    assertTrue(spans.get(3).startsWith("    GET  [gettime-client, client]"), output);
    assertTrue(spans.get(4).startsWith("        GET /gettime  [gettime-server, server]"), output);
    List<List<String>> blocks = blocks(lines, spans);
    assertTrue(blocks.get(1).contains("        http.path=/"), output);
    assertTrue(blocks.get(1).contains("        http.status_code=301"), output);
    assertTrue(blocks.get(3).contains("        http.path=/gettime"), output);
    assertTrue(blocks.get(3).stream().noneMatch(line -> line.contains("http.status_code")), output);
    assertTrue(blocks.get(4).contains("            http.path=/gettime"), output);
    for (String event : List.of("GetConn", "DNSStart host=localhost", "DNSDone", "ConnectStart", "ConnectDone",
        "GotConn reused=false", "WroteHeaders", "GotFirstResponseByte", "Redirect")) {
      assertTrue(blocks.get(1).stream().anyMatch(line -> line.contains("@") && line.contains(event)),
          () -> event + " on the first attempt: " + output);
    }
    assertTrue(blocks.get(3).stream().anyMatch(line -> line.contains("GotConn reused=true")), output);
  }

  /**
   * {@code --tracer=opentelemetry}: the SDK through the OpenTelemetry binding, in OpenTelemetry's HTTP conventions
   * (kinds, {@code GET}, stable attribute names, the resend count on the second hop) with our events.
   */
  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient"})
  void openTelemetryPrintsTheTreeInItsConventions(String library) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = GetTimeSample.run(
          SampleOptions.parse("--actor=both", "--tracer=opentelemetry", "--client=" + library), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().collect(Collectors.toList());

    assertEquals(0, status, output);
    assertTrue(lines.get(0).startsWith("Received result: The time is "), output);
    assertTrue(lines.get(lines.size() - 1).matches("Trace ID: [0-9a-f]{32}"), output);
    List<String> spans = lines.stream().filter(line -> line.contains("  [")).collect(Collectors.toList());
    assertEquals(5, spans.size(), output);
    assertTrue(spans.get(0).startsWith("gettime  [gettime-client]"), output);
    assertTrue(spans.get(1).startsWith("    GET  [gettime-client, client]"), output);
    assertTrue(spans.get(2).startsWith("        GET /  [gettime-server, server]"), output);
    assertTrue(spans.get(3).startsWith("    GET  [gettime-client, client]"), output);
    assertTrue(spans.get(4).startsWith("        GET /gettime  [gettime-server, server]"), output);
    List<List<String>> blocks = blocks(lines, spans);
    assertTrue(blocks.get(1).contains("        http.request.method=GET"), output);
    assertTrue(blocks.get(1).contains("        http.response.status_code=301"), output);
    assertTrue(blocks.get(2).contains("            http.response.status_code=301"), output);
    assertTrue(blocks.get(3).contains("        http.request.resend_count=1"), output);
    assertTrue(blocks.get(3).contains("        http.response.status_code=200"), output);
    assertTrue(blocks.get(4).contains("            url.path=/gettime"), output);
    for (String event : List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "GotConn",
        "WroteHeaders", "GotFirstResponseByte", "Redirect")) {
      assertTrue(blocks.get(1).stream().anyMatch(line -> line.contains("@") && line.contains(event)),
          () -> event + " on the first attempt: " + output);
    }
  }

  @Test
  void aFailedCallIsRecordedOnTheClientsSpan() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      status = GetTimeSample.run(SampleOptions.parse("--actor=client", "--port=" + closedPort), out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().collect(Collectors.toList());

    assertEquals(1, status, output);
    assertTrue(lines.get(0).startsWith("Call failed: java.net.ConnectException"), output);
    int root = lines.indexOf(lines.stream().filter(line -> line.startsWith("gettime  [")).findFirst().orElseThrow());
    int attempt = lines.indexOf(lines.stream().filter(line -> line.startsWith("    HTTP GET  [")).findFirst()
        .orElseThrow());
    assertTrue(lines.subList(root, attempt).contains("    error=true"), output);
    assertTrue(lines.subList(attempt, lines.size()).contains("        error=true"), output);
    assertTrue(lines.subList(attempt, lines.size()).stream().anyMatch(line -> line.contains("ConnectDone")), output);
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SampleOptions.parse("--colour=blue"));
    assertTrue(refused.getMessage().contains("--actor=both|server|client"));
    assertThrows(IllegalArgumentException.class, () -> SampleOptions.parse("--client=curl"));
    assertEquals("httpclient", SampleOptions.parse("--client=httpclient").client());
    assertEquals(new SampleOptions(SampleOptions.Actor.CLIENT, 9000, "http://127.0.0.1:9411", "okhttp", "brave"),
        SampleOptions.parse("--actor=client", "--port=9000", "--zipkin=http://127.0.0.1:9411/"));
    assertEquals(SampleOptions.DEFAULT_PORT, SampleOptions.parse("--actor=server").port());
    assertEquals(0, SampleOptions.parse().port());
  }

  /** The lines of each span: from its header to the next span's header. */
  private static List<List<String>> blocks(List<String> lines, List<String> headers) {
    List<List<String>> blocks = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      int from = lines.indexOf(headers.get(i));
      int to = i + 1 < headers.size() ? lines.indexOf(headers.get(i + 1)) : lines.size();
      blocks.add(lines.subList(from, to));
    }
    return blocks;
  }
}
