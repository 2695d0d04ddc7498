package io.github.httptrace.it.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.httptrace.it.release.Reactor.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The BOM keeps every published artifact at one version, so it must list each of them and nothing else. */
class BomTest {

  private static final String GROUP = "io.github.httptrace";

  private final List<Module> modules = Reactor.modules();
  private final Module root = modules.get(0);
  private final Module bom = modules.stream()
      .filter(m -> m.artifactId().equals("httptrace-bom"))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no module httptrace-bom in the root pom's modules"));

  @Test
  void listsEveryPublishedJarAndNothingElse() {
    Set<String> published = modules.stream()
        .filter(Module::publishedJar)
        .map(Module::artifactId)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed = new TreeSet<>();
    for (Element dependency : managedDependencies()) {
      String artifactId = Reactor.child(dependency, "artifactId").orElseThrow();
      assertEquals(GROUP, Reactor.child(dependency, "groupId").orElse(""), artifactId + "'s groupId in the BOM");
      // One version for all: the BOM's own, never a literal that a release would have to find and bump.
      assertEquals("${project.version}", Reactor.child(dependency, "version").orElse(""),
          artifactId + "'s version in the BOM");
      assertTrue(listed.add(artifactId), artifactId + " is listed twice in the BOM");
    }

    List<String> problems = new ArrayList<>();
    for (String missing : difference(published, listed)) {
      problems.add(missing + " is published but not in bom/pom.xml: add\n"
          + "      <dependency>\n"
          + "        <groupId>" + GROUP + "</groupId>\n"
          + "        <artifactId>" + missing + "</artifactId>\n"
          + "        <version>${project.version}</version>\n"
          + "      </dependency>\n"
          + "  (or, if it is tests only, set <maven.deploy.skip>true</maven.deploy.skip> in its pom's properties)");
    }
    for (String stale : difference(listed, published)) {
      problems.add(stale + " is in bom/pom.xml but no published jar module of the reactor makes it");
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems));
    }
  }

  @Test
  void hasTheParentsVersionAndNoParent() {
    assertEquals(GROUP, Reactor.child(bom.pom(), "groupId").orElse(""), "the BOM's groupId");
    assertEquals(Reactor.child(root.pom(), "version").orElseThrow(),
        Reactor.child(bom.pom(), "version").orElse(""),
        "the BOM's version must be the parent's (a release sets both: RELEASING.md)");
    // An imported BOM brings its effective dependencyManagement: with httptrace-parent as its parent it would bring
    // our build's Jetty, JUnit and OpenTelemetry versions into the user's build.
    assertFalse(Reactor.childElement(bom.pom(), "parent").isPresent(), "the BOM must have no parent");
    assertEquals("pom", bom.packaging());
    assertTrue(bom.published(), "the BOM is published");
  }

  @Test
  void carriesTheMetadataMavenCentralRequires() {
    for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
      assertTrue(Reactor.childElement(bom.pom(), element).isPresent(), "the BOM has no <" + element + ">");
      assertTrue(Reactor.childElement(root.pom(), element).isPresent(), "the root pom has no <" + element + ">");
    }
  }

  private List<Element> managedDependencies() {
    return Reactor.childElement(bom.pom(), "dependencyManagement")
        .flatMap(dm -> Reactor.childElement(dm, "dependencies"))
        .map(deps -> Reactor.children(deps, "dependency"))
        .orElse(List.of());
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}
