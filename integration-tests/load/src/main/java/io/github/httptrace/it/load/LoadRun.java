package io.github.httptrace.it.load;

import io.github.httptrace.it.load.LoadClients.Client;
import io.github.httptrace.it.load.LoadClients.Result;
import io.github.httptrace.opentracing.OpenTracingBinding;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load run: Jetty 12 with {@code TracingFilter}, OkHttp and HttpClient 5 (classic and async) clients with
 * lifecycle events on, Brave on both sides reporting asynchronously to a real Zipkin (in-memory storage), every
 * request a GET through a 301 to a 200. The same requests run untraced (a server without the filter, clients not
 * decorated) in the same JVM, alternating with the traced ones round by round, for the throughput with and without
 * tracing. Afterwards every trace the traced requests made is read back from Zipkin's API and its spans counted.
 *
 * <p>Bounded: each phase stops taking requests after {@code --max-seconds}, each request times out after 30 s, and
 * the wait for Zipkin is bounded; Zipkin is stopped by its process id at the end. Loopback only.
 *
 * <p>{@code scripts/load-zipkin.sh} runs it; {@code LoadRunIT} runs a shortened run in {@code mvn verify}.
 */
public final class LoadRun {
  /** Spans per traced request: the 301 and the 200 attempt on the client, one server span for each. */
  public static final int SPANS_PER_REQUEST = 4;
  private static final Duration ZIPKIN_WAIT = Duration.ofSeconds(60);
  private static final int ERRORS_KEPT = 5;

  private LoadRun() {}

  /**
   * What to run.
   *
   * @param requests traced requests (and as many untraced ones)
   * @param concurrency requests in flight at once
   * @param warmup requests of each variant before measuring (neither counted nor checked in Zipkin)
   * @param rounds how many slices the requests are cut into, untraced and traced alternating
   * @param maxSeconds the bound on each phase
   * @param zipkinJar the Zipkin exec jar to start
   * @param zipkinHeap Zipkin's {@code -Xmx}
   * @param zipkinMaxSpans Zipkin's in-memory bound ({@code MEM_MAX_SPANS})
   * @param sizing the asynchronous reporters' sizing
   * @param workDir where Zipkin's log and the report go
   */
  public record Options(int requests, int concurrency, int warmup, int rounds, int maxSeconds, Path zipkinJar,
      String zipkinHeap, int zipkinMaxSpans, BraveReporting.Sizing sizing, Path workDir) {
    /** The full run's defaults: 10,000 requests at concurrency 64. */
    public static Options defaults(Path zipkinJar, Path workDir) {
      return new Options(10_000, 64, 1_000, 2, 300, zipkinJar, "512m", 500_000, BraveReporting.Sizing.DEFAULTS,
          workDir);
    }
  }

  /**
   * One variant's requests over all rounds.
   *
   * @param requests requests completed (answered or failed)
   * @param errors requests that failed or did not end in 200 with the expected body
   * @param wallNanos time the phases took, summed
   * @param serverExchanges exchanges the server counted (2 per request: the 301 and the 200)
   * @param serverChainNanos time in the server's filter chain, summed over exchanges
   * @param cpuNanos CPU time of this JVM (clients, servers, tracers) during the phases
   * @param zipkinCpuNanos CPU time of the Zipkin process during the phases
   * @param firstErrors the first few errors, as text
   */
  public record Phase(long requests, long errors, long wallNanos, long serverExchanges, long serverChainNanos,
      long cpuNanos, long zipkinCpuNanos, List<String> firstErrors) {
    static final Phase NONE = new Phase(0, 0, 0, 0, 0, 0, 0, List.of());

    Phase plus(Phase other) {
      List<String> errors = new ArrayList<>(firstErrors);
      for (String e : other.firstErrors) if (errors.size() < ERRORS_KEPT) errors.add(e);
      return new Phase(requests + other.requests, this.errors + other.errors, wallNanos + other.wallNanos,
          serverExchanges + other.serverExchanges, serverChainNanos + other.serverChainNanos,
          cpuNanos + other.cpuNanos, zipkinCpuNanos + other.zipkinCpuNanos, errors);
    }

    /** This JVM's CPU microseconds per request (both clients' and server's work, tracing and reporting included). */
    public double cpuMicrosPerRequest() {
      return requests == 0 ? 0 : cpuNanos / 1e3 / requests;
    }

    /** Zipkin's CPU microseconds per request (ingesting the spans). */
    public double zipkinCpuMicrosPerRequest() {
      return requests == 0 ? 0 : zipkinCpuNanos / 1e3 / requests;
    }

    /** Client requests per second (each through the redirect). */
    public double clientRequestsPerSecond() {
      return requests / (wallNanos / 1e9);
    }

    /** Server exchanges per second. */
    public double serverExchangesPerSecond() {
      return serverExchanges / (wallNanos / 1e9);
    }

    /** Mean microseconds per exchange in the server's filter chain. */
    public double serverMicrosPerExchange() {
      return serverExchanges == 0 ? 0 : serverChainNanos / 1e3 / serverExchanges;
    }
  }

  /**
   * What a run found.
   *
   * @param options what was run
   * @param untraced the untraced requests
   * @param traced the traced requests
   * @param tracesRecorded distinct traces the traced requests made (spans handed to the reporters)
   * @param spansReported spans handed to the reporters during the traced phases
   * @param spansFound those spans found in Zipkin through its API
   * @param tracesIncomplete traces with fewer spans in Zipkin than reported
   * @param droppedQueueFull spans the reporters dropped, queue full (or a span over messageMaxBytes)
   * @param droppedSendFailed spans the reporters dropped, a message to Zipkin failed
   * @param sendFailure the first such failure, or null
   * @param maxQueuedSpans the most spans either reporter held at once
   * @param zipkinReceived spans Zipkin's collector counted (the warm-up's included), -1 if unknown
   * @param zipkinDropped spans Zipkin's collector dropped, -1 if unknown
   * @param heapStartBytes heap used after a full GC, after the warm-up
   * @param heapEndBytes heap used after a full GC, after the last phase, clients and servers still open
   * @param heapAfterRounds heap used after a full GC after each round (the last one is {@code heapEndBytes})
   * @param zipkinStartMillis how long Zipkin took to become healthy
   * @param totalMillis the whole run
   */
  public record Report(Options options, Phase untraced, Phase traced, int tracesRecorded, long spansReported,
      long spansFound, int tracesIncomplete, long droppedQueueFull, long droppedSendFailed, String sendFailure,
      int maxQueuedSpans, long zipkinReceived, long zipkinDropped, long heapStartBytes, long heapEndBytes,
      List<Long> heapAfterRounds, long zipkinStartMillis, long totalMillis) {
    /** Spans the traced requests should make. */
    public long spansExpected() {
      return traced.requests() * SPANS_PER_REQUEST;
    }

    /** The report as text (Markdown), as the README shows it. */
    public String text() {
      StringBuilder out = new StringBuilder();
      out.append(String.format("Load run, %s: %d CPUs, Java %s, %s%n", Instant.now().toString().substring(0, 16),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          System.getProperty("os.name")));
      out.append(String.format("%,d requests per variant at concurrency %d (warm-up %,d each, %d rounds), "
          + "each a GET through 301 -> 200, split over OkHttp, HttpClient classic and HttpClient async.%n%n",
          options.requests(), options.concurrency(), options.warmup(), options.rounds()));
      out.append("| | untraced | traced |\n|---|---:|---:|\n");
      out.append(String.format("| requests | %,d | %,d |%n", untraced.requests(), traced.requests()));
      out.append(String.format("| errors | %,d | %,d |%n", untraced.errors(), traced.errors()));
      out.append(String.format("| client requests/s | %,.0f | %,.0f (%+.1f%%) |%n", untraced.clientRequestsPerSecond(),
          traced.clientRequestsPerSecond(),
          change(untraced.clientRequestsPerSecond(), traced.clientRequestsPerSecond())));
      out.append(String.format("| server exchanges/s | %,.0f | %,.0f (%+.1f%%) |%n",
          untraced.serverExchangesPerSecond(), traced.serverExchangesPerSecond(),
          change(untraced.serverExchangesPerSecond(), traced.serverExchangesPerSecond())));
      out.append(String.format("| server wall µs per exchange in the filter chain | %.1f | %.1f |%n",
          untraced.serverMicrosPerExchange(), traced.serverMicrosPerExchange()));
      out.append(String.format("| CPU µs per request, this JVM (clients + server) | %.0f | %.0f (%+.1f%%) |%n",
          untraced.cpuMicrosPerRequest(), traced.cpuMicrosPerRequest(),
          change(untraced.cpuMicrosPerRequest(), traced.cpuMicrosPerRequest())));
      out.append(String.format("| CPU µs per request, Zipkin | %.0f | %.0f |%n",
          untraced.zipkinCpuMicrosPerRequest(), traced.zipkinCpuMicrosPerRequest()));
      out.append(String.format("%nSpans: expected %,d (%d per traced request), handed to the reporters %,d in %,d "
          + "traces (each attempt roots a trace: no parent, call span off), found in Zipkin %,d, lost %,d "
          + "(%d traces incomplete).%n", spansExpected(), SPANS_PER_REQUEST,
          spansReported, tracesRecorded, spansFound, spansReported - spansFound, tracesIncomplete));
      out.append(String.format("Reporters: dropped %,d (queue full) + %,d (send failed)%s; at most %,d spans queued."
          + "%n", droppedQueueFull, droppedSendFailed, sendFailure == null ? "" : " first failure: " + sendFailure,
          maxQueuedSpans));
      out.append(String.format("Zipkin's collector: received %,d spans (warm-up included), dropped %,d.%n",
          zipkinReceived, zipkinDropped));
      out.append(String.format("Heap after a full GC: %.1f MiB at the start, %.1f MiB at the end (after each round: "
          + "%s MiB).%n",
          heapStartBytes / 1048576.0, heapEndBytes / 1048576.0, heapAfterRounds.stream()
              .map(b -> String.format("%.1f", b / 1048576.0)).collect(java.util.stream.Collectors.joining(", "))));
      out.append(String.format("Zipkin healthy in %,d ms; the whole run %,d ms.%n", zipkinStartMillis, totalMillis));
      if (!untraced.firstErrors().isEmpty()) {
        out.append("Untraced errors: ").append(untraced.firstErrors()).append('\n');
      }
      if (!traced.firstErrors().isEmpty()) out.append("Traced errors: ").append(traced.firstErrors()).append('\n');
      return out.toString();
    }

    private static double change(double before, double after) {
      return (after / before - 1) * 100;
    }
  }

  /** Runs the load run with {@code options}. */
  public static Report run(Options options) throws Exception {
    long runStart = System.nanoTime();
    long zipkinStart = System.nanoTime();
    try (ZipkinServer zipkin = ZipkinServer.start(options.zipkinJar(), options.workDir(), options.zipkinHeap(),
        options.zipkinMaxSpans())) {
      long zipkinStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - zipkinStart);
      log("Zipkin healthy on %s in %d ms", zipkin.url(), zipkinStartMillis);
      // Room for every span the traced requests should make, and some retried attempts.
      SpanLedger ledger = new SpanLedger(options.requests() * SPANS_PER_REQUEST + 1_024);
      try (BraveReporting clientBrave = new BraveReporting("load-client", zipkin.spansEndpoint(), options.sizing(),
               ledger);
           BraveReporting serverBrave = new BraveReporting("load-server", zipkin.spansEndpoint(), options.sizing(),
               ledger);
           LoadServer plainServer = new LoadServer(null);
           LoadServer tracedServer = new LoadServer(OpenTracingBinding.of(serverBrave.tracer()));
           Clients plainClients = new Clients(LoadClients.create(null, options.concurrency()));
           Clients tracedClients = new Clients(LoadClients.create(clientBrave.tracer(), options.concurrency()))) {
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(), daemon("load-worker"));
        try {
          Duration bound = Duration.ofSeconds(options.maxSeconds());
          // Warm-up: both variants, neither counted nor recorded.
          runPhase(zipkin, workers, plainClients.list, plainServer, options.warmup(), options.concurrency(), bound);
          runPhase(zipkin, workers, tracedClients.list, tracedServer, options.warmup(), options.concurrency(), bound);
          clientBrave.flush();
          serverBrave.flush();
          long heapStart = heapAfterFullGc();
          log("heap after a full GC at the start: %.1f MiB", heapStart / 1048576.0);

          List<Long> heapAfterRounds = new ArrayList<>();
          Phase untraced = Phase.NONE;
          Phase traced = Phase.NONE;
          for (int round = 0; round < options.rounds(); round++) {
            int slice = options.requests() / options.rounds()
                + (round < options.requests() % options.rounds() ? 1 : 0);
            untraced = untraced.plus(
                runPhase(zipkin, workers, plainClients.list, plainServer, slice, options.concurrency(), bound));
            clientBrave.record(true);
            serverBrave.record(true);
            try {
              traced = traced.plus(
                  runPhase(zipkin, workers, tracedClients.list, tracedServer, slice, options.concurrency(), bound));
            } finally {
              clientBrave.record(false);
              serverBrave.record(false);
            }
            log("round %d: untraced %d requests (%d errors), traced %d requests (%d errors)", round + 1,
                untraced.requests(), untraced.errors(), traced.requests(), traced.errors());
            clientBrave.flush();
            serverBrave.flush();
            heapAfterRounds.add(heapAfterFullGc());
          }
          long heapEnd = heapAfterRounds.isEmpty()
              ? heapAfterFullGc() : heapAfterRounds.get(heapAfterRounds.size() - 1);
          log("heap after a full GC at the end: %.1f MiB", heapEnd / 1048576.0);

          Map<String, Integer> expected = ledger.spansPerTrace();
          if (ledger.overflow() > 0) {
            log("%d spans beyond the ledger's room are not checked in Zipkin", ledger.overflow());
          }
          long reported = expected.values().stream().mapToLong(Integer::longValue).sum();
          Map<String, Integer> found = awaitSpans(zipkin, expected, reported);
          long spansFound = 0;
          int incomplete = 0;
          for (Map.Entry<String, Integer> trace : expected.entrySet()) {
            int inZipkin = found.getOrDefault(trace.getKey(), 0);
            spansFound += Math.min(inZipkin, trace.getValue());
            if (inZipkin < trace.getValue()) incomplete++;
          }
          ZipkinServer.CollectorCounts collector = zipkin.collectorCounts();
          Throwable failure = clientBrave.firstSendFailure() != null
              ? clientBrave.firstSendFailure() : serverBrave.firstSendFailure();
          Report report = new Report(options, untraced, traced, expected.size(), reported, spansFound, incomplete,
              clientBrave.droppedQueueFull() + serverBrave.droppedQueueFull(),
              clientBrave.droppedSendFailed() + serverBrave.droppedSendFailed(),
              failure == null ? null : failure.toString(),
              Math.max(clientBrave.maxQueuedSpans(), serverBrave.maxQueuedSpans()),
              collector == null ? -1 : collector.received(), collector == null ? -1 : collector.dropped(),
              heapStart, heapEnd, List.copyOf(heapAfterRounds), zipkinStartMillis,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStart));
          Files.writeString(options.workDir().resolve("load-report.md"), report.text(), StandardCharsets.UTF_8);
          return report;
        } finally {
          workers.shutdownNow();
        }
      }
    }
  }

  /** Polls Zipkin until it holds every reported span or stops gaining any, within {@link #ZIPKIN_WAIT}. */
  private static Map<String, Integer> awaitSpans(ZipkinServer zipkin, Map<String, Integer> expected, long reported)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>(expected.keySet());
    Collections.sort(ids);
    long deadline = System.nanoTime() + ZIPKIN_WAIT.toNanos();
    long lastTotal = -1;
    int stalled = 0;
    while (true) {
      Map<String, Integer> found = zipkin.spansPerTrace(ids);
      long total = 0;
      for (Map.Entry<String, Integer> e : found.entrySet()) total += Math.min(e.getValue(), expected.get(e.getKey()));
      log("Zipkin holds %,d of %,d reported spans", total, reported);
      if (total >= reported || System.nanoTime() > deadline) return found;
      stalled = total == lastTotal ? stalled + 1 : 0;
      if (stalled >= 5) return found;
      lastTotal = total;
      // A program's poll: Zipkin's collector stores asynchronously and says nothing when it is done.
      TimeUnit.SECONDS.sleep(1);
    }
  }

  /** {@code requests} requests by {@code concurrency} workers, request i on client i % 3, within {@code bound}. */
  static Phase runPhase(ZipkinServer zipkin, ExecutorService workers, List<Client> clients, LoadServer server,
      int requests, int concurrency, Duration bound) throws InterruptedException {
    String url = "http://localhost:" + server.port() + "/";
    AtomicInteger next = new AtomicInteger();
    LongAdder done = new LongAdder();
    LongAdder errors = new LongAdder();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    long exchangesBefore = server.exchanges();
    long chainBefore = server.chainNanos();
    long cpuBefore = processCpuNanos();
    long zipkinCpuBefore = zipkin.cpuNanos();
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      running.add(workers.submit(() -> {
        for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline;
            i = next.getAndIncrement()) {
          Client client = clients.get(i % clients.size());
          String error;
          try {
            Result result = client.get(url);
            error = result.status() == 200 && LoadServer.BODY.equals(result.body())
                ? null : client.name() + ": status " + result.status() + ", body " + result.body();
          } catch (Exception e) {
            error = client.name() + ": " + e;
          }
          done.increment();
          if (error != null) {
            errors.increment();
            if (firstErrors.size() < ERRORS_KEPT) firstErrors.add(error);
          }
        }
      }));
    }
    for (Future<?> worker : running) {
      try {
        worker.get(bound.toSeconds() + LoadClients.REQUEST_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        firstErrors.add("worker: " + e);
        errors.increment();
      }
    }
    long wall = System.nanoTime() - start;
    return new Phase(done.sum(), errors.sum(), wall, server.exchanges() - exchangesBefore,
        server.chainNanos() - chainBefore, processCpuNanos() - cpuBefore, zipkin.cpuNanos() - zipkinCpuBefore,
        List.copyOf(firstErrors.subList(0, Math.min(firstErrors.size(),
            ERRORS_KEPT))));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Heap used after the JVM has run a full collection, as far as {@code System.gc()} makes it. */
  static long heapAfterFullGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void log(String format, Object... args) {
    System.out.println("[load] " + String.format(format, args));
  }

  /** The clients of one variant, closed together. */
  private static final class Clients implements AutoCloseable {
    final List<Client> list;

    Clients(List<Client> list) {
      this.list = list;
    }

    @Override
    public void close() throws IOException {
      for (Client client : list) client.close();
    }
  }

  /**
   * Runs the load run and prints its report. Arguments ({@code --name=value}): {@code --zipkin-jar} (required),
   * {@code --requests} (10000), {@code --concurrency} (64), {@code --warmup} (1000), {@code --rounds} (2), {@code
   * --max-seconds} (300 per phase), {@code --zipkin-heap} (512m), {@code --zipkin-max-spans} (500000), {@code
   * --queued-max-spans}, {@code --queued-max-bytes}, {@code --message-max-bytes} (0: the reporter's defaults),
   * {@code --work-dir} (target/load-run). Exits 1 if a request failed or a span was lost. (More spans than 4 per
   * request is not a loss: a client that retries on a pooled connection the server closed makes an attempt span
   * for each try.)
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value: " + arg);
      }
      a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    if (!a.containsKey("zipkin-jar")) throw new IllegalArgumentException("--zipkin-jar=PATH is required");
    Options defaults = Options.defaults(Paths.get(a.get("zipkin-jar")),
        Paths.get(a.getOrDefault("work-dir", "target/load-run")));
    Options options = new Options(
        intArg(a, "requests", defaults.requests()),
        intArg(a, "concurrency", defaults.concurrency()),
        intArg(a, "warmup", defaults.warmup()),
        intArg(a, "rounds", defaults.rounds()),
        intArg(a, "max-seconds", defaults.maxSeconds()),
        defaults.zipkinJar(),
        a.getOrDefault("zipkin-heap", defaults.zipkinHeap()),
        intArg(a, "zipkin-max-spans", defaults.zipkinMaxSpans()),
        new BraveReporting.Sizing(intArg(a, "queued-max-spans", 0), intArg(a, "queued-max-bytes", 0),
            intArg(a, "message-max-bytes", 0)),
        defaults.workDir().toAbsolutePath());
    Report report = run(options);
    System.out.println();
    System.out.println(report.text());
    System.out.println("(written to " + options.workDir().resolve("load-report.md") + ")");
    boolean clean = report.untraced().errors() == 0 && report.traced().errors() == 0
        && report.spansFound() == report.spansReported() && report.spansReported() >= report.spansExpected();
    System.exit(clean ? 0 : 1);
  }

  private static int intArg(Map<String, String> args, String name, int fallback) {
    String value = args.get(name);
    return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
  }
}
