package io.github.httptrace.it.tomcat;

import io.github.httptrace.testkit.servlet.ContainerUnderTest;
import io.github.httptrace.testkit.servlet.WebApp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Tomcat embedded (11 here; containers/tomcat9 makes Tomcat 9's from this source): one server, applications added
 * to and removed from its host as contexts. Each context gets Tomcat's DefaultServlet at {@code /}, as every stock
 * Tomcat does through its {@code conf/web.xml}: without a servlet for a path, Tomcat answers 404 before any filter
 * runs.
 */
final class TomcatContainer implements ContainerUnderTest {
  private final Map<String, Context> deployed = new HashMap<>();
  private Tomcat tomcat;
  private Connector connector;
  private Connector https;
  private KeyStore httpsKeyStore;
  private char[] httpsPassword;
  private Path baseDir;

  @Override
  public String name() {
    return ServerInfo.getServerInfo();
  }

  @Override
  public void start() throws Exception {
    baseDir = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    if (httpsKeyStore != null) addHttpsConnector();
    tomcat.getHost().setAutoDeploy(false);
    tomcat.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  /** Kept for {@link #start()}, which makes the server the connector belongs to. */
  @Override
  public void useHttps(KeyStore keyStore, char[] password) {
    httpsKeyStore = keyStore;
    httpsPassword = password.clone();
  }

  /**
   * A second connector as server.xml's {@code SSLEnabled="true" scheme="https" secure="true"} with one
   * SSLHostConfig: Tomcat's JSSE implementation (no native library here), the key store given as an object.
   */
  private void addHttpsConnector() {
    https = new Connector();
    https.setPort(0);
    https.setProperty("address", "127.0.0.1");
    https.setProperty("SSLEnabled", "true");
    https.setScheme("https");
    https.setSecure(true);
    SSLHostConfig host = new SSLHostConfig();
    SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
    certificate.setCertificateKeystore(httpsKeyStore);
    certificate.setCertificateKeystorePassword(new String(httpsPassword));
    host.addCertificate(certificate);
    https.addSslHostConfig(host);
    tomcat.getService().addConnector(https);
  }

  @Override
  public int httpsPort() {
    if (https == null) return ContainerUnderTest.super.httpsPort();
    return https.getLocalPort();
  }

  @Override
  public void deploy(WebApp app) throws Exception {
    StandardContext context = newContext(app.contextPath());
    context.addLifecycleListener(new Tomcat.FixContextListener());
    Map<String, Object> attributes = app.attributes();
    if (!attributes.isEmpty()) {
      context.addServletContainerInitializer((classes, servletContext) -> attributes.forEach(servletContext::setAttribute),
          null);
    }
    for (WebApp.FilterSpec spec : app.filters()) {
      FilterDef def = new FilterDef();
      def.setFilterName(spec.name());
      if (spec.instance() != null) def.setFilter(spec.instance());
      def.setFilterClass(spec.filterClass().getName());
      def.setAsyncSupported(String.valueOf(spec.asyncSupported()));
      spec.initParams().forEach(def::addInitParameter);
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(spec.name());
      spec.urlPatterns().forEach(map::addURLPattern);
      for (DispatcherType type : DispatcherType.values()) {
        if (spec.dispatchers().contains(type)) map.setDispatcher(type.name());
      }
      context.addFilterMap(map);
    }
    boolean rootMapped = false;
    for (WebApp.ServletSpec spec : app.servlets()) {
      Wrapper wrapper = spec.instance() != null
          ? Tomcat.addServlet(context, spec.name(), spec.instance())
          : Tomcat.addServlet(context, spec.name(), spec.type().getName());
      wrapper.setAsyncSupported(spec.asyncSupported());
      for (String pattern : spec.urlPatterns()) {
        context.addServletMappingDecoded(pattern, spec.name(), false);
        rootMapped |= pattern.equals("/");
      }
    }
    if (!rootMapped) {
      Wrapper standard = Tomcat.addServlet(context, "default", new DefaultServlet());
      standard.setAsyncSupported(true);
      context.addServletMappingDecoded("/", "default", false);
    }
    app.errorPages().forEach((status, location) -> {
      ErrorPage page = new ErrorPage();
      page.setErrorCode(status);
      page.setLocation(location);
      context.addErrorPage(page);
    });
    start(app.contextPath(), context);
  }

  @Override
  public void deployWebXml(String contextPath, Path root) throws Exception {
    StandardContext context = newContext(contextPath);
    context.setDocBase(root.toAbsolutePath().toString());
    ContextConfig config = new ContextConfig();
    // The application's own web.xml only, not Tomcat's conf/web.xml (whose JSP servlet needs Jasper).
    config.setDefaultWebXml(Constants.NoDefaultWebXml);
    context.addLifecycleListener(config);
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    start(contextPath, context);
  }

  private StandardContext newContext(String contextPath) {
    StandardContext context = new StandardContext();
    context.setName(contextPath);
    context.setPath(contextPath.equals("/") ? "" : contextPath);
    context.setParentClassLoader(TomcatContainer.class.getClassLoader());
    return context;
  }

  private void start(String contextPath, StandardContext context) {
    tomcat.getHost().addChild(context); // the running host starts it
    if (!context.getState().isAvailable()) {
      tomcat.getHost().removeChild(context);
      throw new IllegalStateException("Tomcat did not start the context " + contextPath);
    }
    deployed.put(contextPath, context);
  }

  /**
   * Tomcat reports an exception thrown in an ASYNC dispatch as {@code ServletException(RuntimeException("Error during
   * asynchronous dispatch", thrown))}: its AsyncContextImpl wraps what the dispatch threw, after the filter chain
   * returned. Only that exact wrapping is taken off.
   */
  @Override
  public Throwable asyncDispatchError(Throwable reported) {
    if (reported instanceof ServletException wrapper
        && wrapper.getCause() instanceof RuntimeException dispatch
        && dispatch.getClass() == RuntimeException.class
        && "Error during asynchronous dispatch".equals(dispatch.getMessage())
        && dispatch.getCause() != null) {
      return dispatch.getCause();
    }
    return reported;
  }

  @Override
  public void undeploy(String contextPath) {
    Context context = deployed.remove(contextPath);
    if (context != null) tomcat.getHost().removeChild(context);
  }

  @Override
  public void close() throws Exception {
    try {
      tomcat.stop();
      tomcat.destroy();
    } finally {
      deleteTree(baseDir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }
}
