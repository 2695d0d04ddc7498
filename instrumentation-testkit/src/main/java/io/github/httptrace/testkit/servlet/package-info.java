/**
 * The servlet conformance suite: abstract JUnit test classes that state the server half of the product contract
 * once, against the Servlet API, over two small adapters: {@link io.github.httptrace.testkit.servlet.FilterUnderTest}
 * builds the tracing filter from a {@link io.github.httptrace.testkit.servlet.ServerSetup}, and {@link
 * io.github.httptrace.testkit.servlet.ContainerUnderTest} deploys the same {@link
 * io.github.httptrace.testkit.servlet.WebApp} (or the suite's own {@code WEB-INF/web.xml}, {@link
 * io.github.httptrace.testkit.servlet.WebXml}) on one real container. Each container module subclasses every topic
 * class once, so Jetty, Tomcat and Undertow are held to the very same cases. A test class starts its server once
 * and deploys a context per test into it.
 */
package io.github.httptrace.testkit.servlet;
