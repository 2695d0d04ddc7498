package io.github.httptrace.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.servlet.WebApp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that a {@link ServerDecorator} gets the binding's own span whatever the binding, and that a decorator of
 * another tracer's span type (an OpenTracing {@link ServletSpanDecorator} on a non-OpenTracing binding) is skipped
 * without touching the request or the decorators after it.
 */
class ServerDecoratorTest {
  private final RecordingBinding binding = new RecordingBinding();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final JettyContainer jetty = new JettyContainer();

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  @Test
  void decoratorsGetTheBindingsOwnSpanAndAMismatchedOneIsSkipped() throws Exception {
    jetty.start();
    jetty.deploy(WebApp.at("/app")
        .filter(TracingFilter.newBuilderWith(binding)
            .decorator(new ServletSpanDecorator() {
              @Override
              public void onRequest(HttpServletRequest request, io.opentracing.Span span) {
                calls.add("opentracing.onRequest");
              }
            })
            .decorator(new ServerDecorator<HttpServletRequest, HttpServletResponse,
                RecordingBinding.RecordedSpan>() {
              @Override
              public void onRequest(HttpServletRequest request, RecordingBinding.RecordedSpan span) {
                calls.add("onRequest " + span.kind());
              }

              @Override
              public void onResponse(HttpServletRequest request, HttpServletResponse response,
                  RecordingBinding.RecordedSpan span) {
                calls.add("onResponse " + response.getStatus());
              }
            })
            .build())
        .servlet("/hello", (request, response) -> response.getWriter().print("hello")));

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + "/app/hello"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    Waits.atMost(Duration.ofSeconds(10)).until(() -> binding.finishedSpans().size() == 1);
    assertEquals(List.of("onRequest SERVER", "onResponse 200"), calls);
  }
}
