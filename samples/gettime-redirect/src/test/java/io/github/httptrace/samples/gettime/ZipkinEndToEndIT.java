package io.github.httptrace.samples.gettime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zipkin2.Annotation;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * End to end with a real Zipkin: starts the Zipkin exec jar (copied into target/ by the build) on a free
 * loopback port with in-memory storage, once for the class, runs the sample's server and client as two processes
 * reporting to it, then reads the trace back from Zipkin's query API and checks it whole. It does so for Brave on
 * both sides, and for a pair of two tracer families (a Jaeger client and an OpenTelemetry-shim server, joined by
 * Jaeger's header), so a trace is seen to cross both a process boundary and a tracer boundary.
 *
 * <p>Every process's output goes to a file under {@code target/zipkin-it/}; assertion messages carry the tail
 * of those files. Zipkin is stopped by its process id, whatever the outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinEndToEndIT {

  private static final String SERVER_SERVICE = "gettime-server";
  private static final String CLIENT_SERVICE = "gettime-client";
  private static final Pattern TRACE_ID = Pattern.compile("Trace ID: ([0-9a-f]{16,32})");

  private static final Duration ZIPKIN_HEALTH_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SERVER_READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLIENT_EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Path workDir;
  private Path zipkinLog;
  private Path serverLog;
  private Path clientLog;

  /** Zipkin is tracked by its process id only, so it can be stopped even if the Process object is lost. */
  private long zipkinPid = -1;
  private String zipkinUrl;

  private Process sampleServer;
  private Process sampleClient;
  private long testStartNanos;

  @BeforeAll
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void startZipkin() throws IOException {
    testStartNanos = System.nanoTime();
    workDir = Paths.get(requiredProperty("it.work.dir", "target/zipkin-it")).toAbsolutePath();
    Files.createDirectories(workDir);
    zipkinLog = workDir.resolve("zipkin.log");
    Files.deleteIfExists(zipkinLog);
    Path zipkinJar = existingFile("zipkin.jar", "the Zipkin exec jar copied by maven-dependency-plugin");

    // Zipkin, on loopback, in-memory.
    int zipkinPort = freeLoopbackPort();
    zipkinUrl = "http://127.0.0.1:" + zipkinPort;
    ProcessBuilder zipkinBuilder =
        new ProcessBuilder(
                javaExecutable(),
                "-Xmx128m",
                "-jar",
                zipkinJar.toString(),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + zipkinPort,
                "--armeria.ports[0].protocols[0]=http")
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(zipkinLog.toFile());
    zipkinBuilder.environment().put("STORAGE_TYPE", "mem");
    zipkinBuilder.environment().put("SELF_TRACING_ENABLED", "false");
    long zipkinStart = System.nanoTime();
    zipkinPid = zipkinBuilder.start().pid();

    awaitOrFail(
        ZIPKIN_HEALTH_TIMEOUT,
        Duration.ofMillis(250),
        () -> {
          assertAlive(zipkinPid, "zipkin", zipkinLog);
          return httpGetStatus(zipkinUrl + "/health") == 200;
        },
        () -> "Zipkin did not become healthy on " + zipkinUrl + "/health" + tail(zipkinLog));
    long zipkinStartupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - zipkinStart);
    report("Zipkin started (healthy) in %d ms on %s, pid %d", zipkinStartupMillis, zipkinUrl, zipkinPid);
  }

  @AfterAll
  void stopZipkin() {
    try {
      if (zipkinPid > 0) {
        stop("zipkin (pid " + zipkinPid + ")", ProcessHandle.of(zipkinPid).orElse(null));
      }
    } finally {
      report(
          "Zipkin end-to-end tests took %d ms in total",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - testStartNanos));
    }
  }

  @AfterEach
  void stopSample() {
    // Each step guarded on its own: a failure stopping one process must not leave the other running.
    try {
      stop("sample client", sampleClient == null ? null : sampleClient.toHandle());
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
    try {
      stop("sample server", sampleServer == null ? null : sampleServer.toHandle());
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  /**
   * The sample's server with {@code serverTracer} and client with {@code clientTracer}, as two processes; their
   * tracers must share a propagation format (every tracer of the sample reads the others' headers).
   */
  @ParameterizedTest(name = "server --tracer={0}, client --tracer={1}")
  @CsvSource({"brave, brave", "otel-shim, jaeger"})
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void serverAndClientProcessesReportOneWholeTraceToZipkin(String serverTracer, String clientTracer)
      throws Exception {
    Path sampleJar = existingFile("sample.jar", "the sample's runnable jar built by the shade plugin");
    String pair = serverTracer + "-" + clientTracer;
    serverLog = workDir.resolve("sample-server-" + pair + ".log");
    clientLog = workDir.resolve("sample-client-" + pair + ".log");
    for (Path log : List.of(serverLog, clientLog)) {
      Files.deleteIfExists(log);
    }

    // 1. The sample's server process.
    int samplePort = freeLoopbackPort();
    sampleServer =
        new ProcessBuilder(
                javaExecutable(),
                "-jar",
                sampleJar.toString(),
                "--actor=server",
                "--port=" + samplePort,
                "--tracer=" + serverTracer,
                "--zipkin=" + zipkinUrl)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile())
            .start();
    awaitOrFail(
        SERVER_READY_TIMEOUT,
        Duration.ofMillis(100),
        () -> {
          assertTrue(
              sampleServer.isAlive(),
              () -> "sample server exited (" + sampleServer.exitValue() + ")" + tail(serverLog));
          return read(serverLog).contains("Server listening");
        },
        () -> "sample server did not print 'Server listening'" + tail(serverLog));

    // 2. The sample's client process: one call, then it flushes and exits.
    sampleClient =
        new ProcessBuilder(
                javaExecutable(),
                "-jar",
                sampleJar.toString(),
                "--actor=client",
                "--port=" + samplePort,
                "--tracer=" + clientTracer,
                "--zipkin=" + zipkinUrl)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(clientLog.toFile())
            .start();
    if (!sampleClient.waitFor(CLIENT_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("sample client did not exit within " + CLIENT_EXIT_TIMEOUT + tail(clientLog) + tail(serverLog));
    }
    assertEquals(
        0, sampleClient.exitValue(), () -> "sample client failed" + tail(clientLog) + tail(serverLog));
    String clientOutput = read(clientLog);
    assertTrue(
        clientOutput.contains("Received result: The time is"),
        () -> "client did not print the result" + tail(clientLog));
    Matcher traceIdMatcher = TRACE_ID.matcher(clientOutput);
    assertTrue(traceIdMatcher.find(), () -> "client did not print 'Trace ID: <hex>'" + tail(clientLog));
    String traceId = traceIdMatcher.group(1);
    assertTrue(
        clientOutput.contains(zipkinUrl + "/zipkin/traces/" + traceId),
        () -> "client did not print the Zipkin UI link for the trace" + tail(clientLog));
    report("Trace %s; waiting for its spans in Zipkin", traceId);

    // 3. Read the trace back from Zipkin until both processes' spans are there.
    String traceUrl = zipkinUrl + "/api/v2/trace/" + traceId;
    AtomicReference<List<Span>> lastSeen = new AtomicReference<>(List.of());
    long pollStart = System.nanoTime();
    awaitOrFail(
        TRACE_TIMEOUT,
        Duration.ofMillis(250),
        () -> {
          HttpResponse<byte[]> response = httpGet(traceUrl);
          if (response.statusCode() != 200) {
            return false;
          }
          List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(response.body());
          lastSeen.set(spans);
          Files.write(workDir.resolve("trace-" + pair + ".json"), response.body());
          return spans.size() >= 5;
        },
        () ->
            "Zipkin did not return 5 spans for "
                + traceUrl
                + "; last seen: "
                + describe(lastSeen.get())
                + tail(clientLog)
                + tail(serverLog)
                + tail(zipkinLog));
    report(
        "Trace complete in Zipkin %d ms after the client exited",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pollStart));

    report("Spans in Zipkin (raw JSON in %s):%s", workDir.resolve("trace-" + pair + ".json"),
        describe(lastSeen.get()));
    assertWholeTrace(lastSeen.get(), traceId);
  }

  private void assertWholeTrace(List<Span> spans, String traceId) {
    String all = "\nspans: " + describe(spans);
    assertEquals(5, spans.size(), () -> "span count" + all);

    Set<String> traceIds = spans.stream().map(Span::traceId).collect(Collectors.toSet());
    assertEquals(1, traceIds.size(), () -> "one trace id" + all);
    String zipkinTraceId = traceIds.iterator().next();
    assertTrue(
        zipkinTraceId.endsWith(traceId) || traceId.endsWith(zipkinTraceId),
        () -> "trace id printed by the client (" + traceId + ") vs Zipkin's" + all);

    Set<String> services = spans.stream().map(Span::localServiceName).collect(Collectors.toSet());
    assertEquals(Set.of(CLIENT_SERVICE, SERVER_SERVICE), services, () -> "service names" + all);

    List<Span> roots = spans.stream().filter(s -> s.parentId() == null).collect(Collectors.toList());
    assertEquals(1, roots.size(), () -> "exactly one root span" + all);
    Span root = roots.get(0);
    assertEquals(CLIENT_SERVICE, root.localServiceName(), () -> "root span's service" + all);
    assertNull(root.kind(), () -> "root span has no kind" + all);
    assertEquals("gettime", root.name(), () -> "root span's name" + all);

    List<Span> attempts = ofKind(spans, Span.Kind.CLIENT);
    List<Span> serverSpans = ofKind(spans, Span.Kind.SERVER);
    assertEquals(2, attempts.size(), () -> "two CLIENT attempt spans" + all);
    assertEquals(2, serverSpans.size(), () -> "two SERVER spans" + all);

    for (Span attempt : attempts) {
      assertEquals(CLIENT_SERVICE, attempt.localServiceName(), () -> "attempt's service" + all);
      assertEquals(root.id(), attempt.parentId(), () -> "attempt " + attempt.id() + " under the root" + all);
      assertEquals("http get", attempt.name(), () -> "attempt's name" + all);
    }
    for (Span server : serverSpans) {
      assertEquals(SERVER_SERVICE, server.localServiceName(), () -> "server span's service" + all);
    }

    Span redirectAttempt = withStatus(attempts, "301", all);
    Span finalAttempt = withStatus(attempts, "200", all);
    assertNotEquals(redirectAttempt.id(), finalAttempt.id());
    assertTrue(
        redirectAttempt.tags().getOrDefault("http.url", "").endsWith("/"),
        () -> "301 attempt's http.url ends with /" + all);
    assertTrue(
        finalAttempt.tags().getOrDefault("http.url", "").endsWith("/gettime"),
        () -> "200 attempt's http.url ends with /gettime" + all);
    assertTrue(
        redirectAttempt.timestampAsLong() <= finalAttempt.timestampAsLong(),
        () -> "301 attempt starts before the 200 attempt" + all);

    // Each server span is the child of the attempt that called it, and shares its status.
    Set<String> serverParents = serverSpans.stream().map(Span::parentId).collect(Collectors.toSet());
    assertEquals(2, serverParents.size(), () -> "server spans have distinct parents" + all);
    for (Span attempt : List.of(redirectAttempt, finalAttempt)) {
      List<Span> children =
          serverSpans.stream()
              .filter(s -> attempt.id().equals(s.parentId()))
              .collect(Collectors.toList());
      assertEquals(1, children.size(), () -> "one SERVER span under attempt " + attempt.id() + all);
      Span server = children.get(0);
      assertNotEquals(attempt.id(), server.id(), () -> "server span is not joined to the attempt" + all);
      assertEquals(
          attempt.tags().get("http.status_code"),
          server.tags().get("http.status_code"),
          () -> "server span " + server.id() + " has its attempt's status" + all);
    }

    // Lifecycle events arrive as annotations on the attempt spans.
    for (Span attempt : attempts) {
      assertHasAnnotation(attempt, "GetConn", all);
      assertHasAnnotation(attempt, "GotFirstResponseByte", all);
    }
    assertHasAnnotation(redirectAttempt, "Redirect", all);
  }

  private static List<Span> ofKind(List<Span> spans, Span.Kind kind) {
    return spans.stream().filter(s -> kindOf(s) == kind).collect(Collectors.toList());
  }

  /**
   * The span's kind; for a span from OpenTelemetry's OpenTracing shim, which records every span as INTERNAL (no
   * kind in Zipkin), the {@code span.kind} tag it keeps instead.
   */
  private static Span.Kind kindOf(Span span) {
    if (span.kind() != null) {
      return span.kind();
    }
    String tag = span.tags().get("span.kind");
    return tag == null ? null : Span.Kind.valueOf(tag.toUpperCase(java.util.Locale.ROOT));
  }

  private static Span withStatus(List<Span> spans, String status, String all) {
    List<Span> matching =
        spans.stream()
            .filter(s -> status.equals(s.tags().get("http.status_code")))
            .collect(Collectors.toList());
    assertEquals(1, matching.size(), () -> "one attempt with http.status_code " + status + all);
    return matching.get(0);
  }

  private static void assertHasAnnotation(Span span, String fragment, String all) {
    assertTrue(
        span.annotations().stream().map(Annotation::value).anyMatch(v -> v.contains(fragment)),
        () -> "span " + span.id() + " (" + span.name() + ") has an annotation containing " + fragment + all);
  }

  private static String describe(List<Span> spans) {
    if (spans == null || spans.isEmpty()) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    for (Span s : spans) {
      out.append("\n  ")
          .append(s.localServiceName())
          .append(' ')
          .append(s.kind())
          .append(" '")
          .append(s.name())
          .append("' id=")
          .append(s.id())
          .append(" parent=")
          .append(s.parentId())
          .append(" tags=")
          .append(s.tags())
          .append(" annotations=")
          .append(s.annotations().stream().map(Annotation::value).collect(Collectors.toList()));
    }
    return out.toString();
  }

  // ---- processes -------------------------------------------------------------------------------------

  private static String javaExecutable() {
    Optional<String> current = ProcessHandle.current().info().command();
    if (current.isPresent() && Files.isExecutable(Paths.get(current.get()))) {
      return current.get();
    }
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void assertAlive(long pid, String what, Path log) {
    assertTrue(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        () -> what + " (pid " + pid + ") exited" + tail(log));
  }

  /** Asks the process to stop, then kills it after a grace period; waits (bounded) for it to be gone. */
  private static void stop(String what, ProcessHandle handle) {
    if (handle == null || !handle.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = handle.descendants().collect(Collectors.toList());
    handle.destroy();
    if (!waitForExit(handle, STOP_GRACE)) {
      System.out.println("[ZipkinEndToEndIT] " + what + " ignored SIGTERM; killing it");
      handle.destroyForcibly();
      if (!waitForExit(handle, STOP_GRACE)) {
        System.out.println("[ZipkinEndToEndIT] WARNING: " + what + " still alive after kill");
      }
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !handle.isAlive();
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  // ---- waiting and HTTP ------------------------------------------------------------------------------

  private static void awaitOrFail(
      Duration atMost,
      Duration pollInterval,
      java.util.concurrent.Callable<Boolean> condition,
      Supplier<String> message) {
    try {
      await()
          .atMost(atMost)
          .pollInterval(pollInterval)
          .pollDelay(Duration.ZERO)
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(condition);
    } catch (ConditionTimeoutException e) {
      fail(message.get() + "\n(" + e.getMessage() + ")", e);
    }
  }

  private int httpGetStatus(String url) throws IOException, InterruptedException {
    return httpGet(url).statusCode();
  }

  private HttpResponse<byte[]> httpGet(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  // ---- files and reporting ---------------------------------------------------------------------------

  private static Path existingFile(String property, String what) {
    String value = System.getProperty(property);
    assertNotNull(value, () -> "system property " + property + " (" + what + ") is not set; run via failsafe");
    Path path = Paths.get(value);
    assertTrue(Files.isRegularFile(path), () -> what + " is missing: " + path);
    return path;
  }

  private static String requiredProperty(String property, String fallback) {
    return System.getProperty(property, fallback);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of a process's output, for assertion messages. */
  private static String tail(Path file) {
    List<String> lines = Arrays.asList(read(file).split("\\R", -1));
    int from = Math.max(0, lines.size() - 40);
    return "\n---- last lines of "
        + file
        + " ----\n"
        + String.join("\n", new ArrayList<>(lines.subList(from, lines.size())))
        + "\n---- end of "
        + file.getFileName()
        + " ----";
  }

  private void report(String format, Object... args) {
    String line = "[ZipkinEndToEndIT] " + String.format(format, args);
    System.out.println(line);
    try {
      Files.writeString(
          workDir.resolve("timings.txt"),
          line + System.lineSeparator(),
          UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      // Reporting is best effort.
    }
  }
}
