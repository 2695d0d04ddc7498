package io.github.httptrace.it.undertow;

import io.github.httptrace.testkit.servlet.ContainerUnderTest;
import io.github.httptrace.testkit.servlet.WebApp;
import io.github.httptrace.testkit.servlet.WebXml;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Undertow 2.3 embedded (undertow-servlet, Servlet 6.0): one server, each application a deployment of its servlet
 * container mounted on the server's path handler at its context path. Undertow core reads no web.xml (WildFly
 * does, with its own parser), so {@link #deployWebXml} deploys what the test kit's {@link WebXml#read} takes from
 * it, as a deployment in code.
 */
final class UndertowContainer implements ContainerUnderTest {
  private final PathHandler paths = new PathHandler();
  private final ServletContainer servlets = ServletContainer.Factory.newInstance();
  private final Map<String, DeploymentManager> deployed = new HashMap<>();
  private final Map<String, DeploymentInfo> infos = new HashMap<>();
  private Undertow server;
  private SSLContext https;

  @Override
  public String name() {
    return "Undertow " + Version.getVersionString();
  }

  @Override
  public void start() {
    Undertow.Builder builder = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(paths);
    if (https != null) builder.addHttpsListener(0, "127.0.0.1", https);
    server = builder.build();
    server.start();
  }

  @Override
  public int port() {
    return listenerPort("http");
  }

  /**
   * An HTTPS listener beside the plain one, as Undertow's builder takes it: an SSLContext, here made from the key
   * store by the JDK's default key manager (no ALPN, so HTTP/1.1 inside).
   */
  @Override
  public void useHttps(KeyStore keyStore, char[] password) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      https = context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the HTTPS listener's SSLContext", e);
    }
  }

  @Override
  public int httpsPort() {
    if (https == null) return ContainerUnderTest.super.httpsPort();
    return listenerPort("https");
  }

  private int listenerPort(String protocol) {
    for (Undertow.ListenerInfo listener : server.getListenerInfo()) {
      if (protocol.equals(listener.getProtcol())) return ((InetSocketAddress) listener.getAddress()).getPort();
    }
    throw new IllegalStateException("no " + protocol + " listener");
  }

  @Override
  public void deploy(WebApp app) throws Exception {
    DeploymentInfo info = Servlets.deployment()
        .setClassLoader(UndertowContainer.class.getClassLoader())
        .setContextPath(app.contextPath())
        .setDeploymentName("app" + app.contextPath().replace('/', '-'))
        // Undertow's default, LOCAL_ONLY, answers an exception from an ASYNC dispatch of a loopback client with its own
        // stack trace page instead of the application's error page; the suite's clients are all loopback, so take
        // the answer every remote client gets.
        .setServletStackTraces(ServletStackTraces.NONE);
    app.attributes().forEach(info::addServletContextAttribute);
    for (WebApp.FilterSpec spec : app.filters()) {
      FilterInfo filter = spec.instance() != null
          ? new FilterInfo(spec.name(), spec.filterClass(), new ImmediateInstanceFactory<Filter>(spec.instance()))
          : new FilterInfo(spec.name(), spec.type());
      filter.setAsyncSupported(spec.asyncSupported());
      spec.initParams().forEach(filter::addInitParam);
      info.addFilter(filter);
      for (String pattern : spec.urlPatterns()) {
        for (DispatcherType type : DispatcherType.values()) {
          if (spec.dispatchers().contains(type)) info.addFilterUrlMapping(spec.name(), pattern, type);
        }
      }
    }
    for (WebApp.ServletSpec spec : app.servlets()) {
      ServletInfo servlet = spec.instance() != null
          ? new ServletInfo(spec.name(), spec.servletClass(), new ImmediateInstanceFactory<Servlet>(spec.instance()))
          : new ServletInfo(spec.name(), spec.type());
      servlet.setAsyncSupported(spec.asyncSupported());
      spec.urlPatterns().forEach(servlet::addMapping);
      info.addServlet(servlet);
    }
    app.errorPages().forEach((status, location) -> info.addErrorPage(new ErrorPage(location, status)));

    DeploymentManager manager = servlets.addDeployment(info);
    manager.deploy();
    paths.addPrefixPath(app.contextPath(), manager.start());
    deployed.put(app.contextPath(), manager);
    infos.put(app.contextPath(), info);
  }

  @Override
  public void deployWebXml(String contextPath, Path root) throws Exception {
    deploy(WebXml.read(contextPath, root, UndertowContainer.class.getClassLoader()));
  }

  @Override
  public void undeploy(String contextPath) throws Exception {
    DeploymentManager manager = deployed.remove(contextPath);
    if (manager == null) return;
    paths.removePrefixPath(contextPath);
    manager.stop();
    manager.undeploy();
    servlets.removeDeployment(infos.remove(contextPath));
  }

  @Override
  public void close() {
    server.stop();
  }
}
