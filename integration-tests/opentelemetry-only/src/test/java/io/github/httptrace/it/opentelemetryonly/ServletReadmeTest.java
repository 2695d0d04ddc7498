package io.github.httptrace.it.opentelemetryonly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.github.httptrace.servlet.TracingFilter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's OpenTelemetry lines for the servlet filter, as written, with only OpenTelemetry on the class path, on
 * Jetty 12: registered in code, and the no-arg filter of {@code web.xml} finding its instance in the ServletContext
 * attribute or in {@link GlobalOpenTelemetry}. Each request is a SERVER span named by its route, current while the
 * servlet runs.
 */
class ServletReadmeTest {
  private final Sdk sdk = new Sdk();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.stop();
    GlobalOpenTelemetry.resetForTest();
    sdk.close();
  }

  @Test
  void inCode() throws Exception {
    OpenTelemetry openTelemetry = sdk.openTelemetry;
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(new HelloServlet()), "/hello");

    // README, OpenTelemetry:
    TracerBinding otel = OpenTelemetryBinding.of(openTelemetry);
    context.addFilter(new FilterHolder(TracingFilter.with(otel)), "/*", EnumSet.allOf(DispatcherType.class));

    assertOneServerSpan(start(context));
  }

  @Test
  void webXmlWithTheServletContextAttribute() throws Exception {
    OpenTelemetry openTelemetry = sdk.openTelemetry;
    WebAppContext webapp = webapp();

    // README, OpenTelemetry (a ServletContextListener would do it in a real application):
    webapp.setAttribute("io.opentelemetry.api.OpenTelemetry", openTelemetry);

    assertOneServerSpan(start(webapp));
  }

  @Test
  void webXmlWithGlobalOpenTelemetry() throws Exception {
    GlobalOpenTelemetry.set(sdk.openTelemetry);

    assertOneServerSpan(start(webapp()));
  }

  private static WebAppContext webapp() {
    URL webXml = ServletReadmeTest.class.getResource("/webapp/WEB-INF/web.xml");
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/app");
    webapp.setBaseResourceAsString(webXml.toString().replace("WEB-INF/web.xml", ""));
    // The application's classes are this test's: load them from here.
    webapp.setParentLoaderPriority(true);
    return webapp;
  }

  private int start(Handler handler) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return connector.getLocalPort();
  }

  private void assertOneServerSpan(int port) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/hello")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    SpanData span = sdk.spans(1).get(0);
    assertEquals("GET /app/hello", span.getName());
    assertEquals(SpanKind.SERVER, span.getKind());
    assertEquals("io.github.httptrace.servlet", span.getInstrumentationScopeInfo().getName());
    assertEquals(span.getTraceId(), response.body(), "the server span is current inside the servlet");
  }
}
