package io.github.httptrace.it.realtracers;

import static org.awaitility.Awaitility.await;

import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One call through the gettime redirect, as two processes would make it: a caller span on the client's tracer,
 * with baggage, around a traced GET of {@code /} that the server (its own tracer) redirects to {@code /gettime}.
 *
 * @param body what the client received
 * @param caller the caller's span
 * @param attempts the client's attempt spans: the hop to {@code /}, then the hop to {@code /gettime}
 * @param servers the server's spans, in the same order
 * @param hops what the server's handlers saw, in the order they ran
 * @param observed what the core handed the client's tracer
 * @param callerBaggage the caller's baggage item as the caller itself reads it back
 */
record GetTimeTrip(String body, FinishedSpan caller, List<FinishedSpan> attempts, List<FinishedSpan> servers,
    List<GetTimeServer.Hop> hops, ObservedBinding observed, String callerBaggage) {

  static final String BAGGAGE_VALUE = "acme";

  /** Runs the call with {@code baggage} set on the caller's span, and waits for all five spans to finish. */
  static GetTimeTrip run(RealTracer client, RealTracer server, TracedClient.Library library,
      Map<String, String> baggage) throws Exception {
    ObservedBinding observed = new ObservedBinding(OpenTracingBinding.of(client.tracer()));
    String body;
    List<GetTimeServer.Hop> hops;
    String callerBaggage;
    try (GetTimeServer jetty = new GetTimeServer(OpenTracingBinding.of(server.tracer()), server.tracer());
        TracedClient http = library.open(observed)) {
      Span caller = client.tracer().buildSpan("caller").start();
      baggage.forEach(caller::setBaggageItem);
      callerBaggage = caller.getBaggageItem(RealTracer.BAGGAGE_KEY);
      try (Scope scope = client.tracer().activateSpan(caller)) {
        body = http.get(jetty.url() + "/");
      } finally {
        caller.finish();
      }
      // The server spans finish just after their responses have left.
      await().atMost(Duration.ofSeconds(10)).until(() -> server.finished().size() == 2);
      hops = jetty.hops();
    }
    List<FinishedSpan> clientSpans = client.finished();
    FinishedSpan callerSpan = clientSpans.stream().filter(span -> span.tags().get("http.url") == null)
        .reduce((a, b) -> {
          throw new AssertionError("two caller spans: " + clientSpans);
        }).orElseThrow(() -> new AssertionError("no caller span: " + clientSpans));
    Comparator<FinishedSpan> byHop = Comparator.comparing(span -> span.urlPath().equals("/") ? 0 : 1);
    List<FinishedSpan> attempts = clientSpans.stream().filter(span -> span.tags().get("http.url") != null)
        .sorted(byHop).toList();
    List<FinishedSpan> servers = server.finished().stream().sorted(byHop).toList();
    return new GetTimeTrip(body, callerSpan, attempts, servers, hops, observed, callerBaggage);
  }

  /** Every span of the trip, for assertion messages. */
  String describe() {
    StringBuilder out = new StringBuilder("\ncaller  ").append(caller);
    attempts.forEach(span -> out.append("\nattempt ").append(span));
    servers.forEach(span -> out.append("\nserver  ").append(span));
    hops.forEach(hop -> out.append("\nhop     ").append(hop));
    return out.toString();
  }
}
