package io.github.httptrace.samples.gettime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two commands at the top of the README ("Try it"), tested as the README writes them, so the README and what is
 * tested cannot drift apart: the first command of the first {@code sh} block is the sample's, handed to {@code sh -c}
 * in the repository's root; the second is the test command, which {@code .ci/run} must run and nothing else.
 *
 * <p>The sample command is {@code samples/gettime-redirect/run}, which builds the sample with Maven and then runs the
 * jar. This test runs after {@code package}, so the jar is built; a Maven build started from inside the running one
 * would rebuild the reactor's jars under it. So {@code mvn} on the command's {@code PATH} is a stand-in that records
 * its arguments and does nothing; the test checks that the script asked Maven to package the sample with its modules,
 * and that the rest of the script, the sample itself, printed the result and the whole trace tree. A failsafe test
 * (after {@code package}); a few seconds.
 */
class ReadmeCommandsIT {

  private static final String SAMPLE_SCRIPT = "samples/gettime-redirect/run";

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theReadmesSampleCommandRunsAsWritten() throws Exception {
    Path root = repositoryRoot();
    String command = readmeCommands(root).get(0);
    assertTrue(command.equals(SAMPLE_SCRIPT) || command.startsWith(SAMPLE_SCRIPT + " "),
        "the README's first command is not the sample's: " + command);

    Path work = Paths.get(System.getProperty("it.work.dir", "target/zipkin-it")).toAbsolutePath()
        .resolveSibling("readme-command-it");
    Path bin = work.resolve("bin");
    Files.createDirectories(bin);
    Path mvnArguments = work.resolve("mvn-arguments.txt");
    Files.deleteIfExists(mvnArguments);
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + mvnArguments + "\"\n", UTF_8);
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path output = work.resolve("output.txt");

    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    String javaBin = Paths.get(System.getProperty("java.home"), "bin").toString();
    env.put("PATH", bin + ":" + javaBin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("`" + command + "` did not finish in 90 s:\n" + Files.readString(output, UTF_8));
    }
    String printed = Files.readString(output, UTF_8);
    assertEquals(0, process.exitValue(), "`" + command + "` failed:\n" + printed);

    List<String> maven = Files.readAllLines(mvnArguments, UTF_8);
    for (String argument : List.of("-pl", "samples/gettime-redirect", "-am", "package")) {
      assertTrue(maven.contains(argument), "the script's Maven call lacks " + argument + ": " + maven);
    }

    List<String> lines = printed.lines().collect(Collectors.toList());
    assertTrue(lines.stream().anyMatch(line -> line.startsWith("Received result: The time is ")), printed);
    assertTrue(lines.get(lines.size() - 1).matches("Trace ID: [0-9a-f]{16,32}"), printed);
    List<String> spans = lines.stream().filter(line -> line.contains("  [")).collect(Collectors.toList());
    assertEquals(5, spans.size(), printed);
    assertTrue(spans.get(0).startsWith("gettime  [gettime-client]"), printed);
    assertTrue(spans.get(2).startsWith("        GET /  [gettime-server"), printed);
    assertTrue(spans.get(4).startsWith("        GET /gettime  [gettime-server"), printed);
  }

  @Test
  void ciRunsExactlyTheReadmesTestCommand() throws IOException {
    Path root = repositoryRoot();
    List<String> commands = readmeCommands(root);
    assertEquals(2, commands.size(), "README.md's \"Try it\" block should hold the sample and the test command: "
        + commands);
    List<String> ci = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve(".ci/run"), UTF_8)) {
      String command = line.trim();
      if (command.isEmpty() || command.startsWith("#") || command.startsWith("set ") || command.startsWith("cd ")) {
        continue;
      }
      ci.add(command);
    }
    assertEquals(List.of(commands.get(1)), ci, ".ci/run must run exactly the README's test command");
  }

  /** The commands of the README's first {@code sh} block under "## Try it", each without its comment. */
  static List<String> readmeCommands(Path root) throws IOException {
    List<String> readme = Files.readAllLines(root.resolve("README.md"), UTF_8);
    int at = readme.indexOf("## Try it");
    if (at < 0) {
      fail("README.md has no \"## Try it\" section");
    }
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    for (String line : readme.subList(at + 1, readme.size())) {
      if (!inBlock && line.startsWith("## ")) {
        break;
      }
      if (!inBlock && line.equals("```sh")) {
        inBlock = true;
      } else if (inBlock && line.equals("```")) {
        break;
      } else if (inBlock) {
        int comment = line.indexOf(" #");
        String command = (comment < 0 ? line : line.substring(0, comment)).trim();
        if (!command.isEmpty()) {
          commands.add(command);
        }
      }
    }
    if (commands.isEmpty()) {
      fail("README.md's \"Try it\" section has no sh block with a command");
    }
    return commands;
  }

  private static Path repositoryRoot() {
    Path root = Paths.get("").toAbsolutePath().resolve("../..").normalize();
    if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isRegularFile(root.resolve(SAMPLE_SCRIPT))) {
      fail("not run from samples/gettime-redirect: no README.md or " + SAMPLE_SCRIPT + " under " + root);
    }
    return root;
  }
}
