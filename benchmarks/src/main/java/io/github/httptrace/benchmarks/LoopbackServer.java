package io.github.httptrace.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer of the client benchmarks: a keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with
 * the same small 200 response.
 *
 * <p>Hand-written on plain sockets so that it allocates nothing per request: JMH's allocation profiler counts
 * the whole JVM, and a server that allocated would blur the client's bytes per request. It reads until the
 * blank line that ends the headers; the benchmarks send no request body.
 */
final class LoopbackServer implements AutoCloseable {
  static final byte[] BODY = "ok".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
      + "Content-Type: text/plain\r\n"
      + "Content-Length: " + BODY.length + "\r\n"
      + "\r\n"
      + "ok").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  LoopbackServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "loopback-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        socket.setTcpNoDelay(true);
        connections.add(socket);
        Thread serve = new Thread(() -> serve(socket), "loopback-server-" + socket.getPort());
        serve.setDaemon(true);
        serve.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    byte[] buffer = new byte[16 * 1024];
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      int filled = 0;
      while (true) {
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) return;
        filled += read;
        int end;
        // Answer every complete request in the buffer, then keep the unread tail.
        while ((end = headersEnd(buffer, filled)) >= 0) {
          out.write(RESPONSE);
          System.arraycopy(buffer, end, buffer, 0, filled - end);
          filled -= end;
        }
        if (filled == buffer.length) return; // a request this server was not built for
      }
    } catch (IOException closed) {
      // The client went away, or close() ran: nothing to answer.
    } finally {
      connections.remove(socket);
    }
  }

  /** The index just past the first {@code \r\n\r\n}, or -1. */
  static int headersEnd(byte[] buffer, int length) {
    for (int i = 3; i < length; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : connections) socket.close();
  }
}
