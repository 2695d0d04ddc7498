package io.github.httptrace.testkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The suite's web application traced by configuration alone: a real {@code WEB-INF/web.xml} declaring the tracing
 * filter by class name with init-params (the names the README documents), mapped for all dispatcher types, and the
 * servlets of {@code io.github.httptrace.testkit.servlet.webapp}. {@link #write} lays it out in a directory for the
 * container to deploy; {@link #read} is the reading of it for a container whose embedding API has none (Undertow
 * core: WildFly, not Undertow, parses web.xml).
 */
public final class WebXml {
  /**
   * The descriptor's root element for the Servlet API this kit is built for: web.xml 6.0 for jakarta.servlet, 4.0
   * for javax.servlet (httptrace-testkit-javax is made from this source), so each container reads the descriptor
   * its users would write.
   */
  private static final String WEB_APP = Filter.class.getName().startsWith("javax.")
      ? """
        <web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://xmlns.jcp.org/xml/ns/javaee http://xmlns.jcp.org/xml/ns/javaee/web-app_4_0.xsd"
                 version="4.0" metadata-complete="true">"""
      : """
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                 version="6.0" metadata-complete="true">""";

  /** The web.xml, with {@code FILTER_CLASS} standing for the tracing filter's class name. */
  public static final String TEXT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- A web application that is traced by configuration alone: no Java wiring of the filter. -->
      WEB_APP

        <filter>
          <filter-name>tracing</filter-name>
          <filter-class>FILTER_CLASS</filter-class>
          <async-supported>true</async-supported>
          <init-param>
            <param-name>skipPattern</param-name>
            <param-value>/health|/metrics/.*</param-value>
          </init-param>
          <init-param>
            <param-name>operationName</param-name>
            <param-value>mapping</param-value>
          </init-param>
          <init-param>
            <param-name>component</param-name>
            <param-value>shop</param-value>
          </init-param>
          <init-param>
            <param-name>requestHeaders</param-name>
            <param-value>X-Tenant, User-Agent</param-value>
          </init-param>
          <init-param>
            <param-name>responseHeaders</param-name>
            <param-value>X-Served-By</param-value>
          </init-param>
          <init-param>
            <param-name>sensitiveQueryParameters</param-name>
            <param-value>session,card</param-value>
          </init-param>
        </filter>
        <filter-mapping>
          <filter-name>tracing</filter-name>
          <url-pattern>/*</url-pattern>
          <dispatcher>REQUEST</dispatcher>
          <dispatcher>FORWARD</dispatcher>
          <dispatcher>INCLUDE</dispatcher>
          <dispatcher>ERROR</dispatcher>
          <dispatcher>ASYNC</dispatcher>
        </filter-mapping>

        <servlet>
          <servlet-name>gettime</servlet-name>
          <servlet-class>io.github.httptrace.testkit.servlet.webapp.GetTimeServlet</servlet-class>
          <async-supported>true</async-supported>
        </servlet>
        <servlet-mapping>
          <servlet-name>gettime</servlet-name>
          <url-pattern>/gettime</url-pattern>
        </servlet-mapping>

        <servlet>
          <servlet-name>old</servlet-name>
          <servlet-class>io.github.httptrace.testkit.servlet.webapp.ForwardServlet</servlet-class>
        </servlet>
        <servlet-mapping>
          <servlet-name>old</servlet-name>
          <url-pattern>/old/*</url-pattern>
        </servlet-mapping>

        <servlet>
          <servlet-name>health</servlet-name>
          <servlet-class>io.github.httptrace.testkit.servlet.webapp.HealthServlet</servlet-class>
        </servlet>
        <servlet-mapping>
          <servlet-name>health</servlet-name>
          <url-pattern>/health</url-pattern>
          <url-pattern>/metrics/*</url-pattern>
        </servlet-mapping>
      </web-app>
      """.replace("WEB_APP", WEB_APP);

  private WebXml() {}

  /** Writes {@code root/WEB-INF/web.xml} declaring {@code filterClass}; returns {@code root}. */
  public static Path write(Path root, Class<? extends Filter> filterClass) throws IOException {
    Path webInf = Files.createDirectories(root.resolve("WEB-INF"));
    Files.writeString(webInf.resolve("web.xml"), TEXT.replace("FILTER_CLASS", filterClass.getName()),
        StandardCharsets.UTF_8);
    return root;
  }

  /**
   * Reads {@code root/WEB-INF/web.xml} into a {@link WebApp} at {@code contextPath}: filters (class, init-params,
   * async-supported, URL patterns and dispatcher types of their mappings), servlets (class, async-supported,
   * mappings). Enough for the suite's web.xml; not a general reader. Classes load from {@code loader}.
   */
  public static WebApp read(String contextPath, Path root, ClassLoader loader) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(root.resolve("WEB-INF").resolve("web.xml").toFile());
    Element webApp = document.getDocumentElement();

    Map<String, List<String>> filterPatterns = new HashMap<>();
    Map<String, EnumSet<DispatcherType>> filterDispatchers = new HashMap<>();
    for (Element mapping : children(webApp, "filter-mapping")) {
      String name = text(mapping, "filter-name");
      for (Element pattern : children(mapping, "url-pattern")) {
        filterPatterns.computeIfAbsent(name, n -> new ArrayList<>()).add(pattern.getTextContent().trim());
      }
      EnumSet<DispatcherType> types = filterDispatchers.computeIfAbsent(name, n -> EnumSet.noneOf(DispatcherType.class));
      for (Element dispatcher : children(mapping, "dispatcher")) {
        types.add(DispatcherType.valueOf(dispatcher.getTextContent().trim()));
      }
    }
    Map<String, List<String>> servletPatterns = new HashMap<>();
    for (Element mapping : children(webApp, "servlet-mapping")) {
      String name = text(mapping, "servlet-name");
      for (Element pattern : children(mapping, "url-pattern")) {
        servletPatterns.computeIfAbsent(name, n -> new ArrayList<>()).add(pattern.getTextContent().trim());
      }
    }

    WebApp app = WebApp.at(contextPath);
    for (Element filter : children(webApp, "filter")) {
      String name = text(filter, "filter-name");
      Map<String, String> params = new LinkedHashMap<>();
      for (Element param : children(filter, "init-param")) {
        params.put(text(param, "param-name"), text(param, "param-value"));
      }
      EnumSet<DispatcherType> types = filterDispatchers.getOrDefault(name, EnumSet.noneOf(DispatcherType.class));
      if (types.isEmpty()) types = EnumSet.of(DispatcherType.REQUEST); // the Servlet spec's default
      app.filter(new WebApp.FilterSpec(name, null,
          loader.loadClass(text(filter, "filter-class")).asSubclass(Filter.class), params,
          filterPatterns.getOrDefault(name, List.of()), types, "true".equals(text(filter, "async-supported"))));
    }
    for (Element servlet : children(webApp, "servlet")) {
      String name = text(servlet, "servlet-name");
      app.servlet(new WebApp.ServletSpec(name, null,
          loader.loadClass(text(servlet, "servlet-class")).asSubclass(Servlet.class),
          servletPatterns.getOrDefault(name, List.of()), "true".equals(text(servlet, "async-supported"))));
    }
    return app;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && name.equals(element.getLocalName())) found.add(element);
    }
    return found;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}
