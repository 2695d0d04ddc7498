package io.github.httptrace.testkit.servlet;

import java.nio.file.Path;
import java.security.KeyStore;

/**
 * One servlet container as the suite drives it: started once per test class on the loopback address, then
 * applications deployed into it and removed again while it runs. A container module implements it over the
 * container's embedding API; the same {@link WebApp} must come out the same on each.
 */
public interface ContainerUnderTest {
  /** The container and version, for messages, e.g. {@code Tomcat 11.0.29}. */
  String name();

  /** Starts the server on 127.0.0.1, any free port, with no application yet. */
  void start() throws Exception;

  /** The port it listens on. */
  int port();

  /**
   * Asks for an HTTPS connector beside the plain one, opened by the next {@link #start()}: on 127.0.0.1, any free
   * port, TLS with the one private key entry of {@code keyStore} (its password, also the key's, is {@code password})
   * and HTTP/1.1 inside it, the container's defaults otherwise, as a user would configure it; requests through it
   * reach the same applications. Called at most once, before {@link #start()}.
   *
   * <p>By default an adapter cannot: it throws {@link UnsupportedOperationException} with a message saying why, and
   * the suite's HTTPS topic ({@link ServletHttpsConformance}) skips its cases with that message.
   *
   * @param keyStore the server's key and certificate chain (e.g. the test kit's self-signed one)
   * @param password the key store's and the key's password
   */
  default void useHttps(KeyStore keyStore, char[] password) {
    throw new UnsupportedOperationException(name() + ": this adapter has no TLS connector");
  }

  /** The port of the HTTPS connector {@link #useHttps} asked for, once started. */
  default int httpsPort() {
    throw new IllegalStateException(name() + ": no HTTPS connector (useHttps was not called or not supported)");
  }

  /** Deploys and starts {@code app} in the running server. */
  void deploy(WebApp app) throws Exception;

  /**
   * Deploys the web application whose {@code WEB-INF/web.xml} is under {@code root} at {@code contextPath}, by the
   * container's own reading of web.xml where it has one; the classes it names come from the test class path.
   */
  void deployWebXml(String contextPath, Path root) throws Exception;

  /**
   * The exception an ASYNC dispatch threw, taken from what the container reports in the error dispatch's {@code
   * jakarta.servlet.error.exception} attribute. By default that is the exception itself (Jetty); a container that
   * wraps it overrides this to take off exactly its own wrapping, and nothing else, so the suite still asserts what
   * the container reports. No filter can change this: the container wraps after the filter chain returned.
   */
  default Throwable asyncDispatchError(Throwable reported) {
    return reported;
  }

  /** Stops and removes the application at {@code contextPath}. */
  void undeploy(String contextPath) throws Exception;

  /** Stops the server. */
  void close() throws Exception;
}
