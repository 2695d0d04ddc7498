package io.github.httptrace.samples.gettime;

import java.util.List;
import java.util.Locale;

/**
 * The sample's command line: {@code --actor=both|server|client}, {@code --port=N}, {@code --zipkin=URL},
 * {@code --client=okhttp|httpclient}, {@code --tracer=NAME} (see {@link #TRACERS}).
 *
 * @param actor which side this process plays
 * @param port the server's port; 0 picks a free one (the default when both sides run here)
 * @param zipkin base URL of a Zipkin server to send spans to, or null for the console only
 * @param client the HTTP client library the client side uses
 * @param tracer the tracer API the instrumentations write to
 */
record SampleOptions(Actor actor, int port, String zipkin, String client, String tracer) {
  /** Which side of the call this process plays. */
  enum Actor {
    BOTH, SERVER, CLIENT
  }

  static final int DEFAULT_PORT = 8080;
  /** Brave behind the OpenTracing API (brave-opentracing): the default. */
  static final String TRACER_BRAVE = "brave";
  /** Jaeger's own tracer (jaeger-core), writing uber-trace-id and B3. */
  static final String TRACER_JAEGER = "jaeger";
  /** OpenTelemetry's SDK behind its OpenTracing shim, writing W3C, B3 and Jaeger headers. */
  static final String TRACER_OTEL_SHIM = "otel-shim";
  /** Brave through its own API and HTTP Trace's Brave binding, no OpenTracing. */
  static final String TRACER_BRAVE_NATIVE = "brave-native";
  /** OpenTelemetry's SDK through its own API and HTTP Trace's OpenTelemetry binding. */
  static final String TRACER_OPENTELEMETRY = "opentelemetry";
  /** Every {@code --tracer} the sample knows. */
  static final List<String> TRACERS = List.of(TRACER_BRAVE, TRACER_BRAVE_NATIVE, TRACER_OPENTELEMETRY, TRACER_JAEGER,
      TRACER_OTEL_SHIM);

  static SampleOptions parse(String... args) {
    Actor actor = Actor.BOTH;
    Integer port = null;
    String zipkin = null;
    String client = "okhttp";
    String tracer = TRACER_BRAVE;
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      String value = pair.length == 2 ? pair[1] : "";
      switch (pair[0]) {
        case "--actor" -> actor = Actor.valueOf(value.toUpperCase(Locale.ROOT));
        case "--port" -> port = Integer.parseInt(value);
        case "--zipkin" -> zipkin = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        case "--client" -> client = value;
        case "--tracer" -> tracer = value;
        default -> throw new IllegalArgumentException("unknown option " + arg
            + "; use --actor=both|server|client --port=N --zipkin=URL --client=okhttp|httpclient --tracer="
            + String.join("|", TRACERS));
      }
    }
    if (!client.equals("okhttp") && !client.equals("httpclient")) {
      throw new IllegalArgumentException("--client=" + client + ": use okhttp or httpclient (Apache HttpClient 5)");
    }
    if (!TRACERS.contains(tracer)) {
      throw new IllegalArgumentException("--tracer=" + tracer + ": use one of " + String.join(", ", TRACERS));
    }
    int chosen = port != null ? port : actor == Actor.BOTH ? 0 : DEFAULT_PORT;
    return new SampleOptions(actor, chosen, zipkin, client, tracer);
  }
}
