package io.github.httptrace.it.release;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, {@code docs/} and the other Markdown pages a user reads leads somewhere: the file
 * or directory exists in the repository, and an anchor ({@code #section}) names a heading of its page, spelled as
 * GitHub spells heading anchors. Links to other sites are not followed (the build is offline). Text in code blocks and
 * code spans is not read as links.
 */
class DocLinksTest {

  /** {@code [text](target)} and {@code ![alt](target)}, the text possibly over several lines; an optional title. */
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  /** {@code <img src="…">}, {@code <a href="…">}. */
  private static final Pattern HTML_LINK = Pattern.compile("\\b(?:src|href)=\"([^\"]+)\"");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern EXPLICIT_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

  private final Path root = Reactor.root();
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> pages = pages();
    assertTrue(pages.contains(root.resolve("README.md")), "no README.md under " + root);
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      String text = readable(Files.readString(page, UTF_8));
      for (Pattern pattern : List.of(MARKDOWN_LINK, HTML_LINK)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          links++;
          String problem = check(page, m.group(1));
          if (problem != null) {
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            broken.add(root.relativize(page) + ":" + line + ": " + m.group(1) + ": " + problem);
          }
        }
      }
    }
    if (!broken.isEmpty()) {
      fail(broken.size() + " broken link(s):\n" + String.join("\n", broken));
    }
    assertTrue(links > 50, "only " + links + " links read: is the page list right?");
  }

  /** The spelling of GitHub's heading anchors, checked on headings of these pages. */
  @Test
  void anchorsAreSpelledAsGitHubSpellsThem() {
    assertTrue(slug("javax.servlet (Servlet 4)").equals("javaxservlet-servlet-4"));
    assertTrue(slug("In `web.xml`").equals("in-webxml"));
    assertTrue(slug("On OkHttp 4.12").equals("on-okhttp-412"));
    assertTrue(slug("Tags, failures and the end of a span").equals("tags-failures-and-the-end-of-a-span"));
    assertTrue(slug("Apache HttpClient 5: the connection manager").equals("apache-httpclient-5-the-connection-manager"));
    assertTrue(slug("Paired: OkHttp 5 —: 40 rounds").equals("paired-okhttp-5--40-rounds"));
    assertTrue(slug("See [the core](core.md)").equals("see-the-core"));
  }

  /** The pages a user reads: the README, everything under docs/, and the Markdown beside the code they describe. */
  private List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    for (String name : List.of("README.md", "CHANGELOG.md", "RELEASING.md", "benchmarks/README.md")) {
      if (Files.isRegularFile(root.resolve(name))) {
        pages.add(root.resolve(name));
      }
    }
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Null when the target resolves, else what is wrong. */
  private String check(Path page, String target) throws IOException {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null; // another site (https:, mailto:): not followed offline
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) {
      return "leaves the repository";
    }
    if (!Files.exists(file)) {
      return "no such file or directory";
    }
    if (anchor != null) {
      if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
        return "an anchor on a page that is not Markdown";
      }
      if (!anchorsOf(file).contains(anchor)) {
        return "no heading with the anchor #" + anchor + " in " + root.relativize(file);
      }
    }
    return null;
  }

  private Set<String> anchorsOf(Path file) throws IOException {
    Set<String> known = anchors.get(file);
    if (known != null) {
      return known;
    }
    known = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file, UTF_8)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(1));
        int count = seen.merge(slug, 1, Integer::sum);
        known.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
      Matcher explicit = EXPLICIT_ANCHOR.matcher(line);
      while (explicit.find()) {
        known.add(explicit.group(1));
      }
    }
    anchors.put(file, known);
    return known;
  }

  /**
   * GitHub's anchor for a heading: its text as shown (code marks dropped, a link's text kept), lowercased, every
   * character but letters, digits, spaces, hyphens and underscores removed, each space a hyphen.
   */
  static String slug(String heading) {
    String shown = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    StringBuilder slug = new StringBuilder();
    shown.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        slug.appendCodePoint(c);
      } else if (c == ' ') {
        slug.append('-');
      }
    });
    return slug.toString();
  }

  /** The text with fenced code blocks and code spans blanked (newlines kept, so line numbers stay right). */
  private static String readable(String markdown) {
    StringBuilder out = new StringBuilder(markdown.length());
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line).append('\n');
    }
    Matcher code = CODE_SPAN.matcher(out);
    StringBuilder blanked = new StringBuilder(out.length());
    while (code.find()) {
      code.appendReplacement(blanked, Matcher.quoteReplacement(code.group().replaceAll("[^\n]", " ")));
    }
    code.appendTail(blanked);
    return blanked.toString();
  }
}
