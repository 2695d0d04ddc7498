package io.github.httptrace.it.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The reactor as its poms declare it, read as XML rather than through Maven: the checks must see what a maintainer
 * wrote (a module list, a property), and need nothing of Maven on the test class path.
 */
final class Reactor {

  /** One module of the reactor; the root's own pom is one too. */
  record Module(Path dir, Element pom) {

    String artifactId() {
      return child(pom, "artifactId").orElseThrow();
    }

    /** Maven's default packaging is jar. */
    String packaging() {
      return child(pom, "packaging").orElse("jar");
    }

    Optional<String> property(String name) {
      return childElement(pom, "properties").flatMap(p -> child(p, name));
    }

    /** The marker of what is not published: the deploy plugin's own skip property (see the root pom). */
    boolean published() {
      return !property("maven.deploy.skip").map(Boolean::parseBoolean).orElse(false);
    }

    /** Published and a jar: what a user depends on, so what the BOM lists. */
    boolean publishedJar() {
      return published() && packaging().equals("jar");
    }

    Path jar(String version, String classifier) {
      String suffix = classifier.isEmpty() ? "" : "-" + classifier;
      return dir.resolve("target").resolve(artifactId() + "-" + version + suffix + ".jar");
    }

    @Override
    public String toString() {
      return artifactId() + " (" + dir.getFileName() + ")";
    }
  }

  static Path root() {
    return Path.of(System.getProperty("httptrace.root", "../..")).toAbsolutePath().normalize();
  }

  /** The root pom and every module below it, following nested module lists. */
  static List<Module> modules() {
    List<Module> all = new ArrayList<>();
    collect(root(), all);
    return all;
  }

  static Element read(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      Document doc = factory.newDocumentBuilder().parse(Files.newInputStream(pom));
      return doc.getDocumentElement();
    } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }

  private static void collect(Path dir, List<Module> into) {
    Element pom = read(dir.resolve("pom.xml"));
    into.add(new Module(dir, pom));
    childElement(pom, "modules").ifPresent(modules -> {
      for (Element m : children(modules, "module")) {
        collect(dir.resolve(m.getTextContent().trim()).normalize(), into);
      }
    });
  }

  static Optional<String> child(Element parent, String name) {
    return childElement(parent, name).map(e -> e.getTextContent().trim());
  }

  static Optional<Element> childElement(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Direct children only: a dependency's artifactId is not the project's. */
  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private Reactor() {}
}
