import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shoots a Zipkin trace page in a headless Chromium already listening for the DevTools protocol, by the JDK alone
 * (run as {@code java ZipkinScreenshot.java DEVTOOLS_PORT TRACE_URL SPAN_TEXT OUT.png}): opens the page, waits until
 * it shows the trace, selects the first span row whose text contains SPAN_TEXT (so its annotations, the lifecycle
 * events, are in the detail panel), and writes a PNG. Exits with 1, and no picture, when the page shows no trace.
 * Used by zipkin-screenshot.sh; not part of the build.
 */
public class ZipkinScreenshot {
  private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Map<Integer, CompletableFuture<String>> PENDING = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    String devtools = "http://127.0.0.1:" + args[0];
    String traceUrl = args[1];
    String spanText = args[2];
    Path out = Path.of(args[3]);

    String list = get(devtools + "/json/list");
    Matcher page = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"")
        .matcher(list);
    Matcher anyOrder = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
    String socketUrl = page.find() ? page.group(1) : anyOrder.find() ? anyOrder.group(1) : null;
    if (socketUrl == null) throw new IllegalStateException("no page target in " + list);

    StringBuilder partial = new StringBuilder();
    WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(socketUrl), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String message = partial.toString();
          partial.setLength(0);
          Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(message);
          if (id.find()) {
            CompletableFuture<String> reply = PENDING.remove(Integer.parseInt(id.group(1)));
            if (reply != null) reply.complete(message);
          }
        }
        webSocket.request(1);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);

    call(socket, "Emulation.setDeviceMetricsOverride",
        "{\"width\":1400,\"height\":900,\"deviceScaleFactor\":1,\"mobile\":false}");
    call(socket, "Page.navigate", "{\"url\":\"" + traceUrl + "\"}");

    // The trace page is a single-page app: wait until it has fetched and drawn the trace.
    String shown = "document.body && document.body.innerText.includes('gettime-client')"
        + " && document.body.innerText.includes('gettime-server')";
    if (!waitFor(socket, shown, Duration.ofSeconds(30))) {
      System.err.println("The page shows no trace: " + evaluate(socket, "document.body.innerText.slice(0, 500)"));
      System.exit(1);
    }
    // Select the span, so the panel beside the timeline lists its annotations.
    String click = "(() => { const rows = [...document.querySelectorAll('[data-testid], div, button')]"
        + ".filter(e => e.children.length < 8 && e.innerText && e.innerText.toLowerCase().includes('"
        + spanText.toLowerCase() + "') && e.getBoundingClientRect().height > 0 && e.getBoundingClientRect()"
        + ".height < 60); if (!rows.length) return false; rows[rows.length > 1 ? 1 : 0].click(); return true; })()";
    String clicked = evaluate(socket, click);
    System.err.println("Selected a '" + spanText + "' row: " + clicked);
    waitFor(socket, "document.body.innerText.includes('GetConn')", Duration.ofSeconds(10));

    String shot = call(socket, "Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher data = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(shot);
    if (!data.find()) throw new IllegalStateException("no screenshot in " + shot.substring(0, 200));
    Files.write(out, Base64.getDecoder().decode(data.group(1)));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    System.err.println("Wrote " + out);
  }

  private static boolean waitFor(WebSocket socket, String condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if ("true".equals(evaluate(socket, "!!(" + condition + ")"))) return true;
      // Polls the page; the DevTools round trip paces the loop.
      call(socket, "Runtime.evaluate", "{\"expression\":\"new Promise(r => setTimeout(r, 250))\","
          + "\"awaitPromise\":true}");
    }
    return false;
  }

  private static String evaluate(WebSocket socket, String expression) throws Exception {
    String reply = call(socket, "Runtime.evaluate",
        "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
    Matcher value = Pattern.compile("\"value\":(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|null|[-0-9.]+)").matcher(reply);
    return value.find() ? value.group(1) : reply;
  }

  private static String call(WebSocket socket, String method, String params) throws Exception {
    int id = IDS.incrementAndGet();
    CompletableFuture<String> reply = new CompletableFuture<>();
    PENDING.put(id, reply);
    socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
    return reply.get(30, TimeUnit.SECONDS);
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
