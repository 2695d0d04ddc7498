package io.github.httptrace.samples.gettime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The gettime sample: a client calls {@code /}, the server answers 301 to {@code /gettime}, which returns "The
 * time is …", and the whole trace is printed as a tree (and sent to Zipkin with {@code --zipkin=URL}).
 *
 * <pre>
 * java -jar httptrace-gettime-redirect.jar                       # server and client in one process
 * java -jar httptrace-gettime-redirect.jar --actor=server --port=8080
 * java -jar httptrace-gettime-redirect.jar --actor=client --port=8080 --zipkin=http://127.0.0.1:9411
 * java -jar httptrace-gettime-redirect.jar --tracer=brave            # which tracer API: see SampleOptions
 * </pre>
 */
public final class GetTimeSample {
  static final String SERVER_SERVICE = "gettime-server";
  static final String CLIENT_SERVICE = "gettime-client";
  /** How long the console waits for the server's spans, which finish just after the response left. */
  private static final long SERVER_SPANS_WAIT_MILLIS = 5_000;

  private GetTimeSample() {}

  /** Runs the sample with {@code args}; exits with 0 on success, 1 if the call failed, 2 for bad arguments. */
  public static void main(String[] args) throws Exception {
    SampleOptions options;
    try {
      options = SampleOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.actor() == SampleOptions.Actor.SERVER) {
      serve(options, System.out);
      return;
    }
    System.exit(run(options, System.out));
  }

  /** Runs the client side, with the server in this process too for {@code --actor=both}; returns the exit code. */
  static int run(SampleOptions options, PrintStream out) throws Exception {
    SampleTracer serverTracing = null;
    GetTimeServer server = null;
    int port = options.port();
    try (SampleTracer clientTracing = SampleTracer.open(options.tracer(), CLIENT_SERVICE, options.zipkin())) {
      if (options.actor() == SampleOptions.Actor.BOTH) {
        serverTracing = SampleTracer.open(options.tracer(), SERVER_SERVICE, options.zipkin());
        server = new GetTimeServer(serverTracing.binding(), port);
        port = server.port();
      }
      String[] job = new String[1];
      int status = 0;
      try (GetTimeClient client = new GetTimeClient(clientTracing, options.client())) {
        try {
          out.println("Received result: " + client.getTime(port, job));
        } catch (Exception e) {
          out.println("Call failed: " + e);
          status = 1;
        }
      }
      String traceId = job[0];
      if (traceId != null) {
        List<SampleSpan> spans = new ArrayList<>(clientTracing.finished());
        // The server's two spans finish just after the client has its response.
        if (serverTracing != null) spans.addAll(serverTracing.awaitTrace(traceId, 2, SERVER_SPANS_WAIT_MILLIS));
        out.println();
        out.println(TraceTree.render(spans, traceId));
        out.println("Trace ID: " + traceId);
        if (options.zipkin() != null) out.println("Zipkin: " + options.zipkin() + "/zipkin/traces/" + traceId);
      }
      return status;
    } finally {
      if (server != null) server.close();
      if (serverTracing != null) serverTracing.close();
    }
  }

  /** Runs the server until the process is stopped, then flushes its spans. */
  static void serve(SampleOptions options, PrintStream out) throws Exception {
    SampleTracer tracing = SampleTracer.open(options.tracer(), SERVER_SERVICE, options.zipkin());
    GetTimeServer server = new GetTimeServer(tracing.binding(), options.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("Stopping the server failed: " + e);
      } finally {
        tracing.close();
        stopped.countDown();
      }
    }, "gettime-server-stop"));
    out.println("Server listening on http://localhost:" + server.port());
    out.flush();
    stopped.await();
  }
}
