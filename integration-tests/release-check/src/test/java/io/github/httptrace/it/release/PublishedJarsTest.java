package io.github.httptrace.it.release;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.httptrace.it.release.Reactor.Module;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What each published jar module puts in front of a user: a name on the module path, sources and javadoc beside the
 * jar, the license inside every jar it publishes, and the POM fields Maven Central rejects an upload without.
 */
class PublishedJarsTest {

  private static final Pattern OURS = Pattern.compile("io\\.github\\.httptrace(\\.[a-z][a-z0-9]*)+");

  private final List<Module> modules = Reactor.modules();
  private final String version = System.getProperty("httptrace.version",
      Reactor.child(modules.get(0).pom(), "version").orElseThrow());

  @Test
  void everyJarModuleNamesItselfOnceForTheModulePath() {
    List<String> problems = new ArrayList<>();
    Map<String, Module> byName = new HashMap<>();
    for (Module m : modules) {
      if (!m.packaging().equals("jar")) {
        continue;
      }
      Optional<String> name = m.property("automatic-module-name");
      if (name.isEmpty()) {
        problems.add(m + " sets no <automatic-module-name> property (the root's jar plugin writes it to the manifest)");
        continue;
      }
      if (!OURS.matcher(name.get()).matches() || !isModuleName(name.get())) {
        problems.add(m + ": automatic-module-name " + name.get() + " is not a module name under io.github.httptrace");
      }
      Module other = byName.putIfAbsent(name.get(), m);
      if (other != null) {
        problems.add(m + " and " + other + " both name themselves " + name.get());
      }
    }
    report(problems);
  }

  @Test
  void everyPublishedJarCarriesItsNameBesideSourcesAndJavadoc() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Module m : modules) {
      if (!m.publishedJar()) {
        continue;
      }
      Path jar = m.jar(version, "");
      if (!Files.isRegularFile(jar)) {
        problems.add(m + ": no " + jar + ". This check reads what the reactor built: run it from the root"
            + " (mvn verify), with integration-tests/release-check the root pom's last module");
        continue;
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        String inManifest = file.getManifest() == null ? null
            : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        String declared = m.property("automatic-module-name").orElse("?");
        if (!declared.equals(inManifest)) {
          problems.add(m + ": the jar's Automatic-Module-Name is " + inManifest + ", the pom says " + declared);
        }
      }
      requireEntry(m, "sources", ".java", problems);
      requireEntry(m, "javadoc", "index.html", problems);
    }
    report(problems);
  }

  /** The jar, its sources and javadoc jars and a test jar where there is one: each holds the root's LICENSE. */
  @Test
  void everyPublishedJarCarriesTheLicense() throws IOException {
    byte[] license = Files.readAllBytes(Reactor.root().resolve("LICENSE"));
    List<String> problems = new ArrayList<>();
    int jarsRead = 0;
    for (Module m : modules) {
      if (!m.publishedJar()) {
        continue;
      }
      for (String classifier : List.of("", "sources", "javadoc", "tests")) {
        Path jar = m.jar(version, classifier);
        if (!Files.isRegularFile(jar)) {
          if (!classifier.equals("tests")) {
            problems.add(m + ": no " + jar + " (run from the root: mvn verify)");
          }
          continue;
        }
        jarsRead++;
        try (JarFile file = new JarFile(jar.toFile())) {
          JarEntry entry = file.getJarEntry("META-INF/LICENSE");
          if (entry == null) {
            problems.add(m + ": " + jar.getFileName() + " has no META-INF/LICENSE");
          } else {
            try (InputStream in = file.getInputStream(entry)) {
              if (!Arrays.equals(license, in.readAllBytes())) {
                problems.add(m + ": " + jar.getFileName() + "'s META-INF/LICENSE is not the root's LICENSE");
              }
            }
          }
        }
      }
    }
    report(problems);
    if (jarsRead == 0) {
      fail("no published jar read");
    }
  }

  @Test
  void everyPublishedModuleHasANameAndADescription() {
    List<String> problems = new ArrayList<>();
    for (Module m : modules) {
      if (m.published()) {
        for (String element : List.of("name", "description")) {
          if (Reactor.child(m.pom(), element).filter(s -> !s.isBlank()).isEmpty()) {
            problems.add(m + " has no <" + element + ">");
          }
        }
      }
    }
    report(problems);
  }

  private void requireEntry(Module m, String classifier, String suffix, List<String> problems) throws IOException {
    Path jar = m.jar(version, classifier);
    if (!Files.isRegularFile(jar)) {
      problems.add(m + ": no " + classifier + " jar (" + jar.getFileName() + ")");
      return;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.stream().noneMatch(e -> e.getName().endsWith(suffix))) {
        problems.add(m + ": " + jar.getFileName() + " has no *" + suffix);
      }
    }
  }

  private static boolean isModuleName(String name) {
    try {
      ModuleDescriptor.newAutomaticModule(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void report(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " problem(s):\n" + String.join("\n", problems));
    }
  }
}
