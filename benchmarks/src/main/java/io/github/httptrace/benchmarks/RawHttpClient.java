package io.github.httptrace.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The caller in the servlet benchmark: one keep-alive connection that writes the same request bytes each time
 * and reads the response to the end of its body. Hand-written so the client adds no allocation per request to
 * what JMH counts for the server.
 */
final class RawHttpClient implements AutoCloseable {
  private static final byte[] CONTENT_LENGTH = "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] request;
  private final byte[] buffer = new byte[16 * 1024];

  RawHttpClient(int port, String path, String... headerLines) throws IOException {
    StringBuilder text = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (String line : headerLines) text.append(line).append("\r\n");
    request = text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends the request and reads its response; returns the status code. */
  int get() throws IOException {
    out.write(request);
    int filled = 0;
    int headersEnd;
    while ((headersEnd = LoopbackServer.headersEnd(buffer, filled)) < 0) filled = fill(filled);
    int contentLength = contentLength(headersEnd);
    while (filled < headersEnd + contentLength) filled = fill(filled);
    if (filled != headersEnd + contentLength) throw new IOException("unexpected bytes after the response");
    // "HTTP/1.1 200 ": the status is the three digits after the first space.
    return (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
  }

  private int fill(int filled) throws IOException {
    int read = in.read(buffer, filled, buffer.length - filled);
    if (read < 0) throw new IOException("connection closed mid-response");
    return filled + read;
  }

  private int contentLength(int headersEnd) throws IOException {
    outer:
    for (int i = 0; i + CONTENT_LENGTH.length < headersEnd; i++) {
      for (int j = 0; j < CONTENT_LENGTH.length; j++) {
        if (Character.toLowerCase(buffer[i + j]) != CONTENT_LENGTH[j]) continue outer;
      }
      int value = 0;
      for (int k = i + CONTENT_LENGTH.length; buffer[k] != '\r'; k++) {
        if (buffer[k] >= '0' && buffer[k] <= '9') value = value * 10 + buffer[k] - '0';
      }
      return value;
    }
    throw new IOException("the benchmark expects responses with a Content-Length");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
