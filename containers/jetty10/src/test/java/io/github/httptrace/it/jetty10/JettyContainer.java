package io.github.httptrace.it.jetty10;

import io.github.httptrace.testkit.servlet.ContainerUnderTest;
import io.github.httptrace.testkit.servlet.WebApp;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.DispatcherType;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.webapp.WebAppContext;

/**
 * Jetty 10 (Servlet 4.0) embedded: one server, applications added to and removed from its context collection. Jetty
 * 10's embedding API is not Jetty 12's (no ee10 packages, handlers of its own), so this adapter is written for it
 * rather than made from the jakarta module's.
 */
final class JettyContainer implements ContainerUnderTest {
  private final Server server = new Server();
  private final ContextHandlerCollection contexts = new ContextHandlerCollection();
  private final Map<String, ServletContextHandler> deployed = new HashMap<>();
  private ServerConnector plain;
  private ServerConnector https;

  @Override
  public String name() {
    return "Jetty " + Jetty.VERSION;
  }

  @Override
  public void start() throws Exception {
    plain = new ServerConnector(server);
    plain.setHost("127.0.0.1");
    plain.setPort(0);
    server.addConnector(plain);
    server.setHandler(contexts);
    server.start();
  }

  @Override
  public int port() {
    return plain.getLocalPort();
  }

  /**
   * The TLS connector of Jetty's documentation: an SslConnectionFactory for HTTP/1.1 in front of an HTTP connection
   * whose SecureRequestCustomizer makes requests secure and {@code https}.
   */
  @Override
  public void useHttps(KeyStore keyStore, char[] password) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(keyStore);
    tls.setKeyStorePassword(new String(password));
    tls.setKeyManagerPassword(new String(password));
    HttpConfiguration configuration = new HttpConfiguration();
    configuration.addCustomizer(new SecureRequestCustomizer());
    https = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
        new HttpConnectionFactory(configuration));
    https.setHost("127.0.0.1");
    https.setPort(0);
    server.addConnector(https);
  }

  @Override
  public int httpsPort() {
    if (https == null) return ContainerUnderTest.super.httpsPort();
    return https.getLocalPort();
  }

  @Override
  public void deploy(WebApp app) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(app.contextPath());
    app.attributes().forEach(context::setAttribute);
    for (WebApp.FilterSpec spec : app.filters()) {
      FilterHolder holder = spec.instance() != null ? new FilterHolder(spec.instance()) : new FilterHolder(spec.type());
      holder.setName(spec.name());
      holder.setAsyncSupported(spec.asyncSupported());
      spec.initParams().forEach(holder::setInitParameter);
      EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
      types.addAll(spec.dispatchers());
      for (String pattern : spec.urlPatterns()) context.addFilter(holder, pattern, types);
    }
    for (WebApp.ServletSpec spec : app.servlets()) {
      ServletHolder holder = spec.instance() != null
          ? new ServletHolder(spec.name(), spec.instance())
          : new ServletHolder(spec.name(), spec.type());
      holder.setAsyncSupported(spec.asyncSupported());
      for (String pattern : spec.urlPatterns()) context.addServlet(holder, pattern);
    }
    if (!app.errorPages().isEmpty()) {
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      app.errorPages().forEach(errors::addErrorPage);
      context.setErrorHandler(errors);
    }
    start(app.contextPath(), context);
  }

  @Override
  public void deployWebXml(String contextPath, Path root) throws Exception {
    WebAppContext webapp = new WebAppContext(root.toString(), contextPath);
    webapp.setParentLoaderPriority(true); // the servlets are test classes on the class path
    start(contextPath, webapp);
  }

  private void start(String contextPath, ServletContextHandler context) throws Exception {
    contexts.addHandler(context);
    context.start();
    deployed.put(contextPath, context);
  }

  @Override
  public void undeploy(String contextPath) throws Exception {
    ServletContextHandler context = deployed.remove(contextPath);
    if (context == null) return;
    context.stop();
    contexts.removeHandler(context);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
