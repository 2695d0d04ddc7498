package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.testkit.Waits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the async client's h2 tests share: the recording binding, an {@link H2TlsServer} per test, the clients they
 * started (closed after each test), and the check that every span was finished exactly once with nothing after.
 */
abstract class H2TestBase {
  static final String HOST = "app.test";

  final RecordingBinding binding = new RecordingBinding();
  H2TlsServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = H2TlsServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (AutoCloseable client : clients) client.close();
    } finally {
      server.stop();
    }
    for (RecordedSpan span : binding.spans()) {
      assertEquals(1, span.finishCount(), () -> "finished once: " + span);
      assertEquals(List.of(), span.callsAfterFinish(), () -> "nothing after finish: " + span);
    }
  }

  /** {@code client} started, and closed after the test. */
  CloseableHttpAsyncClient started(CloseableHttpAsyncClient client) {
    client.start();
    clients.add(() -> client.close(CloseMode.GRACEFUL));
    return client;
  }

  /** Exactly {@code count} attempt spans finished (waited for), and no other span. */
  List<RecordedSpan> awaitAttempts(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> attempts().size() >= count);
    List<RecordedSpan> attempts = attempts();
    assertEquals(count, attempts.size(), () -> "attempts: " + attempts);
    assertEquals(count, binding.spans().size(), () -> "no other span: " + binding.spans());
    return attempts;
  }

  List<RecordedSpan> attempts() {
    return binding.finishedSpans().stream().filter(span -> span.kind() == SpanKind.CLIENT).toList();
  }

  RecordedSpan onlyAttempt() {
    return awaitAttempts(1).get(0);
  }

  static SimpleHttpResponse get(CloseableHttpAsyncClient client, URI url) throws Exception {
    return client.execute(SimpleRequestBuilder.get(url).build(), null).get(10, TimeUnit.SECONDS);
  }

  static RequestConfig timeouts() {
    return RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
        .setResponseTimeout(Timeout.ofSeconds(10))
        .build();
  }
}
