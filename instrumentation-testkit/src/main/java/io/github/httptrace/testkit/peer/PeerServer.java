package io.github.httptrace.testkit.peer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A loopback HTTP/1.1 peer on plain JDK sockets, for client tests: it listens on 127.0.0.1 (any free port), speaks
 * plain HTTP or, after {@link #useHttps}, TLS with any {@link SSLContext}; each accepted connection is served by a
 * thread of its own, request after request (keep-alive) until the client closes it, a {@link PeerFault} or a
 * {@code Connection: close} ends it, or the server closes.
 *
 * <p>Each request is read whole (headers, and a body framed by {@code Content-Length} or chunked; {@code Expect:
 * 100-continue} is answered), recorded ({@link #takeRequest}, {@link #requestCount()}), and only then answered: by
 * the {@link PeerDispatcher} if one is set, else by the next {@link PeerResponse} of the queue ({@link #enqueue}).
 * A request nothing was scripted for is recorded and its connection closed with no response byte, so the client
 * fails at once instead of waiting out a timeout.
 *
 * <p>No HTTP/2 (its ALPN offers {@code http/1.1} only), no WebSockets, no pipelining: a client that sends a
 * request before the previous response ended is served in order, which is all HTTP/1.1 asks.
 */
public final class PeerServer implements AutoCloseable {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 256;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final LinkedBlockingQueue<PeerRequest> requests = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<PeerResponse> responses = new ConcurrentLinkedQueue<>();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private volatile SSLContext tls;
  private volatile PeerDispatcher dispatcher;

  private PeerServer(ServerSocket serverSocket) {
    this.serverSocket = serverSocket;
    this.acceptor = new Thread(this::acceptConnections, "peer-server-" + serverSocket.getLocalPort() + "-accept");
    acceptor.setDaemon(true);
  }

  /** A new server listening on 127.0.0.1, on a free port, plain HTTP until {@link #useHttps}. */
  public static PeerServer start() throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(loopback(), 0), 128);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    PeerServer server = new PeerServer(socket);
    server.acceptor.start();
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The address it listens on: 127.0.0.1 and {@link #port()}. */
  public InetSocketAddress address() {
    return new InetSocketAddress(serverSocket.getInetAddress(), port());
  }

  /**
   * Speaks TLS with {@code context} (its key managers choose the certificate) on every connection accepted from now
   * on, offering {@code http/1.1} by ALPN. The handshake runs on the connection's own thread; one that fails ends
   * that connection only.
   */
  public void useHttps(SSLContext context) {
    tls = context;
  }

  /** Whether connections accepted now speak TLS. */
  public boolean https() {
    return tls != null;
  }

  /** Adds {@code response} to the queue of responses, used in order while no dispatcher is set. */
  public void enqueue(PeerResponse response) {
    responses.add(response);
  }

  /** Answers every request by {@code value} from now on, instead of the queue; null goes back to the queue. */
  public void setDispatcher(PeerDispatcher value) {
    dispatcher = value;
  }

  /** How many requests were read and recorded so far (answered or not). */
  public int requestCount() {
    return requestCount.get();
  }

  /** How many connections were accepted so far (TLS ones whose handshake failed included). */
  public int connectionCount() {
    return connections.get();
  }

  /**
   * The oldest recorded request not taken yet, waiting at most {@code timeout} for one; null if none came.
   * Requests are recorded when read whole, before they are answered.
   */
  public PeerRequest takeRequest(Duration timeout) throws InterruptedException {
    return requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * What went wrong on the server's side and not the client's: a request it could not parse, a dispatcher that
   * threw. A client that goes away, a failed handshake, a timeout are the client's business and not here.
   */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  /**
   * Stops accepting, closes every connection, ends every delay at once, and waits (at most 5 s) for the
   * connection threads to end. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) return;
    closed.countDown();
    closeQuietly(serverSocket);
    for (Socket socket : openSockets) closeQuietly(socket);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    List<Thread> threads = new ArrayList<>(workers);
    threads.add(acceptor);
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || thread == Thread.currentThread()) continue;
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "PeerServer{" + (https() ? "https" : "http") + "://127.0.0.1:" + port() + ", " + requestCount()
        + " requests on " + connectionCount() + " connections}";
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void acceptConnections() {
    while (!isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (isClosed() || serverSocket.isClosed()) return;
        failures.add(e);
        continue;
      }
      int index = connections.getAndIncrement();
      openSockets.add(socket);
      // close() closes what is in openSockets after it marked the server closed: this socket is closed either way.
      if (isClosed()) {
        closeQuietly(socket);
        return;
      }
      Thread worker = new Thread(() -> serve(socket, index),
          "peer-server-" + serverSocket.getLocalPort() + "-connection-" + index);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  private void serve(Socket raw, int connectionIndex) {
    Socket socket = raw;
    try {
      raw.setTcpNoDelay(true);
      SSLContext context = tls;
      if (context != null) {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, null, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(parameters);
        socket = ssl;
        ssl.startHandshake();
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      for (int exchange = 0; !isClosed(); exchange++) {
        PeerRequest request = readRequest(in, out, connectionIndex, exchange, context != null);
        if (request == null) return;
        requests.add(request);
        requestCount.incrementAndGet();
        PeerDispatcher current = dispatcher;
        PeerResponse response = current != null ? current.dispatch(request) : responses.poll();
        if (response == null) return;
        if (!write(response, request, raw, in, out)) return;
      }
    } catch (ProtocolException e) {
      failures.add(e);
    } catch (IOException e) {
      // The client went away, its handshake failed, or the server closed: this connection is over.
    } catch (RuntimeException | Error e) {
      // Reported through failures(), which the suites assert empty after each case.
      failures.add(e);
    } finally {
      closeQuietly(socket);
      closeQuietly(raw);
      openSockets.remove(raw);
      workers.remove(Thread.currentThread());
    }
  }

  /** The next request, read whole; null if the client closed the connection before sending one. */
  private static PeerRequest readRequest(InputStream in, OutputStream out, int connectionIndex, int exchangeIndex,
      boolean tls) throws IOException {
    String line = readLine(in, true);
    // A server should ignore an empty line where a request line is expected (RFC 9112, 2.2).
    while (line != null && line.isEmpty()) line = readLine(in, true);
    if (line == null) return null;
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !PeerRequest.isToken(parts[0]) || parts[1].isEmpty()
        || !parts[2].matches("HTTP/1\\.[01]")) {
      throw new ProtocolException("not an HTTP/1.x request line: " + line);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String header = readLine(in, false); !header.isEmpty(); header = readLine(in, false)) {
      int colon = header.indexOf(':');
      if (colon <= 0 || !PeerRequest.isToken(header.substring(0, colon))) {
        throw new ProtocolException("not a header line: " + header);
      }
      if (headers.size() == MAX_HEADERS) throw new ProtocolException("more than " + MAX_HEADERS + " headers");
      headers.add(Map.entry(header.substring(0, colon), header.substring(colon + 1).strip()));
    }
    String transferEncoding = first(headers, "Transfer-Encoding");
    String contentLength = first(headers, "Content-Length");
    boolean chunked = transferEncoding != null
        && PeerRequest.lower(transferEncoding).strip().endsWith("chunked");
    long length = 0;
    if (!chunked && contentLength != null) {
      try {
        length = Long.parseLong(contentLength.strip());
      } catch (NumberFormatException e) {
        throw new ProtocolException("Content-Length: " + contentLength);
      }
      if (length < 0 || length > Integer.MAX_VALUE - 8) throw new ProtocolException("Content-Length: " + length);
    }
    boolean hasBody = chunked || length > 0;
    if (hasBody && "100-continue".equalsIgnoreCase(String.valueOf(first(headers, "Expect")).strip())) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    byte[] body = chunked ? readChunked(in) : in.readNBytes((int) length);
    if (body.length < length) throw new EOFException("the body ended after " + body.length + " of " + length);
    return new PeerRequest(parts[0], parts[1], parts[2], headers, body, connectionIndex, exchangeIndex, tls);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("chunk size: " + sizeLine);
      }
      if (size < 0) throw new ProtocolException("chunk size: " + sizeLine);
      if (size == 0) break;
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) throw new EOFException("a chunk ended early");
      body.write(chunk);
      if (!readLine(in, false).isEmpty()) throw new ProtocolException("no CRLF after a chunk");
    }
    // Trailers, if any, up to the empty line; they are not kept.
    while (!readLine(in, false).isEmpty()) {
      // skip
    }
    return body.toByteArray();
  }

  /**
   * One line up to LF, without its CRLF, as ISO-8859-1. At the end of the stream: null if nothing was read and
   * {@code endAllowed}, else an {@link EOFException}.
   */
  private static String readLine(InputStream in, boolean endAllowed) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b == -1) {
        if (endAllowed && line.length() == 0) return null;
        throw new EOFException("the stream ended inside a line: " + line);
      }
      if (b == '\n') break;
      if (line.length() == MAX_LINE) throw new ProtocolException("a line longer than " + MAX_LINE);
      line.append((char) b);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
    return line.toString();
  }

  /** Writes {@code response} to {@code request}; false if the connection must end now. */
  private boolean write(PeerResponse response, PeerRequest request, Socket raw, InputStream in, OutputStream out)
      throws IOException {
    PeerFault fault = response.fault();
    if (fault == PeerFault.DISCONNECT_BEFORE_RESPONSE) return false;
    if (fault == PeerFault.RESET_BEFORE_RESPONSE) {
      raw.setSoLinger(true, 0);
      raw.close();
      return false;
    }
    if (fault == PeerFault.NO_RESPONSE) {
      // Silent until the client closes (end of stream) or the server does (the socket is closed under the read).
      while (in.read() != -1) {
        // Whatever the client still sends is not answered either.
      }
      return false;
    }
    if (!pause(response.headersDelay())) return false;

    int status = response.status();
    boolean bodyless = status < 200 || status == 204 || status == 304;
    boolean sendsBody = !bodyless && !request.method().equals("HEAD");
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
        .append("\r\n");
    for (Map.Entry<String, String> header : response.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    if (!bodyless) head.append("Content-Length: ").append(response.bodyLength()).append("\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));

    if (!response.bodyDelay().isZero()) {
      out.flush();
      if (!pause(response.bodyDelay())) return false;
    }
    byte[] body = sendsBody ? response.bodyBytes() : new byte[0];
    int end = fault == PeerFault.DISCONNECT_DURING_BODY ? body.length / 2 : body.length;
    long part = response.throttleBytes() > 0 ? response.throttleBytes() : Math.max(end, 1);
    for (int offset = 0; offset < end; ) {
      int n = (int) Math.min(part, end - offset);
      out.write(body, offset, n);
      offset += n;
      if (offset < end && response.throttleBytes() > 0) {
        out.flush();
        if (!pause(response.throttlePeriod())) return false;
      }
    }
    out.flush();
    if (fault == PeerFault.DISCONNECT_DURING_BODY || fault == PeerFault.DISCONNECT_AFTER_RESPONSE) return false;
    return !closeRequested(request, response);
  }

  /** Whether either side said the connection ends with this exchange, or the client speaks HTTP/1.0 without keep-alive. */
  private static boolean closeRequested(PeerRequest request, PeerResponse response) {
    String requested = request.header("Connection");
    if (requested != null && PeerRequest.lower(requested).contains("close")) return true;
    if (request.version().equals("HTTP/1.0")
        && (requested == null || !PeerRequest.lower(requested).contains("keep-alive"))) {
      return true;
    }
    return response.headers().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Connection")
        && PeerRequest.lower(header.getValue()).contains("close"));
  }

  /** Waits {@code delay}, or less if the server closes meanwhile; false if the server is closed. */
  private boolean pause(Duration delay) {
    if (delay.isZero()) return !isClosed();
    try {
      return !closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String first(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) return header.getValue();
    }
    return null;
  }

  private static String reason(int status) {
    switch (status) {
      case 100: return "Continue";
      case 200: return "OK";
      case 201: return "Created";
      case 202: return "Accepted";
      case 204: return "No Content";
      case 301: return "Moved Permanently";
      case 302: return "Found";
      case 303: return "See Other";
      case 304: return "Not Modified";
      case 307: return "Temporary Redirect";
      case 308: return "Permanent Redirect";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 408: return "Request Timeout";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default:
        if (status < 200) return "Informational";
        if (status < 300) return "Success";
        if (status < 400) return "Redirection";
        if (status < 500) return "Client Error";
        return "Server Error";
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing: nothing left to do with it.
    }
  }
}
