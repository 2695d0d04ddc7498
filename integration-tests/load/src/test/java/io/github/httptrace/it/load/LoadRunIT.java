package io.github.httptrace.it.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load run shortened to 1,000 requests per variant at concurrency 64, into the same real Zipkin (its exec jar,
 * copied into target/ by the build, started on a free loopback port): no request fails, and every span the traced
 * requests made reaches Zipkin and is read back through its API.
 */
class LoadRunIT {
  private static final int REQUESTS = 1_000;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void thousandRequestsThroughTheRedirectLoseNoSpanOnTheWayToZipkin() throws Exception {
    String jar = System.getProperty("zipkin.jar");
    assertNotNull(jar, "system property zipkin.jar is not set; run through failsafe");
    Path workDir = Paths.get(System.getProperty("it.work.dir", "target/load-it")).toAbsolutePath();
    LoadRun.Options options = new LoadRun.Options(REQUESTS, 64, 200, 2, 60, Paths.get(jar), "256m", 500_000,
        BraveReporting.Sizing.DEFAULTS, workDir);

    LoadRun.Report report = LoadRun.run(options);
    System.out.println(report.text());

    String all = "\n" + report.text() + "\nZipkin's log: " + workDir.resolve("zipkin.log");
    assertEquals(REQUESTS, report.untraced().requests(), () -> "untraced requests" + all);
    assertEquals(REQUESTS, report.traced().requests(), () -> "traced requests" + all);
    assertEquals(0, report.untraced().errors(), () -> "untraced errors" + all);
    assertEquals(0, report.traced().errors(), () -> "traced errors" + all);
    assertEquals(List.of(), report.traced().firstErrors(), () -> "traced errors" + all);
    // Two exchanges per request (the 301 and the 200) on each server.
    assertEquals(2L * REQUESTS, report.untraced().serverExchanges(), () -> "untraced server exchanges" + all);
    assertEquals(2L * REQUESTS, report.traced().serverExchanges(), () -> "traced server exchanges" + all);
    // Each attempt roots its own trace (no parent, call span off): its client span and the server span under it.
    assertEquals(2 * REQUESTS, report.tracesRecorded(), () -> "traces" + all);
    assertEquals(LoadRun.SPANS_PER_REQUEST * REQUESTS, report.spansExpected(), () -> "spans expected" + all);
    assertEquals(report.spansExpected(), report.spansReported(), () -> "spans handed to the reporters" + all);
    assertEquals(0, report.droppedQueueFull(), () -> "spans dropped by a full reporter queue" + all);
    assertEquals(0, report.droppedSendFailed(), () -> "spans dropped by a failed send" + all);
    assertEquals(report.spansReported(), report.spansFound(), () -> "spans found in Zipkin" + all);
    assertEquals(0, report.tracesIncomplete(), () -> "traces incomplete in Zipkin" + all);
    assertEquals(0, report.zipkinDropped(), () -> "spans Zipkin's collector dropped" + all);
    assertTrue(Files.isRegularFile(workDir.resolve("load-report.md")), () -> "report file" + all);
  }
}
