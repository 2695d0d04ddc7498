package io.github.httptrace.it.release;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two commands at the top of the README ("Try it"): the sample command and the test command. CI runs exactly the
 * README's test command ({@code .ci/run}), and the sample command names the sample's script. The sample command itself
 * is run as written by the sample's {@code ReadmeSampleCommandIT}.
 */
class ReadmeCommandsTest {

  @Test
  void ciRunsExactlyTheReadmesTestCommand() throws IOException {
    List<String> commands = readmeCommands(Reactor.root());
    assertEquals(2, commands.size(), "README.md's \"Try it\" block should hold the sample and the test command: "
        + commands);
    List<String> ci = new ArrayList<>();
    for (String line : Files.readAllLines(Reactor.root().resolve(".ci/run"), UTF_8)) {
      String command = line.trim();
      if (command.isEmpty() || command.startsWith("#") || command.startsWith("set ") || command.startsWith("cd ")) {
        continue;
      }
      ci.add(command);
    }
    assertEquals(List.of(commands.get(1)), ci, ".ci/run must run exactly the README's test command");
  }

  @Test
  void theSampleCommandIsTheSamplesScript() throws IOException {
    String command = readmeCommands(Reactor.root()).get(0);
    String script = command.split(" ", 2)[0];
    assertEquals("samples/gettime-redirect/run", script, "the README's first command");
    assertTrue(Files.isExecutable(Reactor.root().resolve(script)), script + " is not an executable file");
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
}
