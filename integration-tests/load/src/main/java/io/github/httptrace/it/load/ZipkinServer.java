package io.github.httptrace.it.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * The real Zipkin server (its exec jar) as a child process on a free loopback port with in-memory storage, and the
 * two questions the load run asks it: which spans of these traces it stored, and what its collector counted.
 *
 * <p>It is bound to 127.0.0.1 with all three {@code armeria.ports} properties (with fewer Zipkin listens on every
 * interface). It is tracked by its process id and stopped by it in {@link #close()}, whatever the outcome.
 */
public final class ZipkinServer implements AutoCloseable {
  /** How long Zipkin may take to answer {@code /health}: 3–12 s on a quiet machine, more on a loaded one. */
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);
  /** How many trace ids one {@code /api/v2/traceMany} query carries. */
  private static final int TRACES_PER_QUERY = 100;

  private final ProcessHandle process;
  private final String url;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

  private ZipkinServer(ProcessHandle process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts {@code jar} with {@code heap} ({@code -Xmx} value) and waits until it is healthy; its output goes to
   * {@code workDir/zipkin.log}. {@code maxSpans} is the in-memory storage's bound ({@code MEM_MAX_SPANS}, Zipkin's
   * default 500000): once it is reached Zipkin evicts the oldest traces, which a run would count as lost.
   */
  public static ZipkinServer start(Path jar, Path workDir, String heap, int maxSpans)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) throw new IOException("Zipkin exec jar not found: " + jar);
    Files.createDirectories(workDir);
    Path log = workDir.resolve("zipkin.log");
    int port = freeLoopbackPort();
    ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx" + heap, "-jar",
        jar.toAbsolutePath().toString(),
        "--armeria.ports[0].ip=127.0.0.1",
        "--armeria.ports[0].port=" + port,
        "--armeria.ports[0].protocols[0]=http")
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("STORAGE_TYPE", "mem");
    env.put("MEM_MAX_SPANS", Integer.toString(maxSpans));
    env.put("SELF_TRACING_ENABLED", "false");
    ZipkinServer zipkin = new ZipkinServer(builder.start().toHandle(), "http://127.0.0.1:" + port, log);
    try {
      zipkin.awaitHealthy();
    } catch (IOException | InterruptedException | RuntimeException e) {
      zipkin.close();
      throw e;
    }
    return zipkin;
  }

  /** Zipkin's base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return url;
  }

  /** Where spans are posted. */
  public String spansEndpoint() {
    return url + "/api/v2/spans";
  }

  /** CPU time the Zipkin process has used so far (0 where the platform does not say). */
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Zipkin's own output. */
  public Path log() {
    return log;
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) throw new IOException("Zipkin exited before it was healthy; see " + log);
      try {
        if (get(url + "/health").statusCode() == 200) return;
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("Zipkin not healthy on " + url + " within " + HEALTH_TIMEOUT + "; see " + log);
      }
      // A program's poll, not a test's: Zipkin gives no other signal that it is ready.
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /**
   * The number of spans Zipkin holds for each of {@code traceIds}, read through {@code /api/v2/traceMany} in
   * batches; a trace Zipkin does not have counts 0.
   */
  public Map<String, Integer> spansPerTrace(List<String> traceIds) throws IOException, InterruptedException {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (String id : traceIds) counts.put(id, 0);
    for (int from = 0; from < traceIds.size(); from += TRACES_PER_QUERY) {
      List<String> batch = traceIds.subList(from, Math.min(traceIds.size(), from + TRACES_PER_QUERY));
      HttpResponse<byte[]> response = get(url + "/api/v2/traceMany?traceIds=" + String.join(",", batch));
      if (response.statusCode() != 200) {
        throw new IOException("traceMany answered " + response.statusCode() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      for (List<Span> trace : decodeTraces(response.body())) {
        for (Span span : trace) counts.merge(span.traceId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * Zipkin's collector counters from {@code /prometheus}: the spans it received and dropped (summed over
   * transports); null if it does not answer.
   */
  public CollectorCounts collectorCounts() {
    try {
      HttpResponse<byte[]> response = get(url + "/prometheus");
      if (response.statusCode() != 200) return null;
      long received = 0;
      long dropped = 0;
      for (String line : new String(response.body(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("zipkin_collector_spans_total")) received += value(line);
        if (line.startsWith("zipkin_collector_spans_dropped_total")) dropped += value(line);
      }
      return new CollectorCounts(received, dropped);
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * What Zipkin's collector counted.
   *
   * @param received spans received
   * @param dropped spans it dropped (could not decode or store)
   */
  public record CollectorCounts(long received, long dropped) {}

  private static long value(String line) {
    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
  }

  /**
   * Splits traceMany's list of traces ({@code [[span,...],[span,...]]}) into its inner lists and decodes each with
   * Zipkin's own decoder, which reads one list of spans.
   */
  static List<List<Span>> decodeTraces(byte[] json) {
    List<List<Span>> traces = new ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') i++;
        else if (b == '"') inString = false;
        continue;
      }
      if (b == '"') {
        inString = true;
      } else if (b == '[') {
        depth++;
        if (depth == 2) start = i;
      } else if (b == ']') {
        if (depth == 2) {
          byte[] trace = java.util.Arrays.copyOfRange(json, start, i + 1);
          traces.add(SpanBytesDecoder.JSON_V2.decodeList(trace));
        }
        depth--;
      }
    }
    return traces;
  }

  private HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Stops Zipkin by its process id: asked first, killed after a grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String javaExecutable() {
    Optional<String> current = ProcessHandle.current().info().command();
    if (current.isPresent() && Files.isExecutable(Paths.get(current.get()))) return current.get();
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }
}
