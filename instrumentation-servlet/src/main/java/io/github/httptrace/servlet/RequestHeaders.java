package io.github.httptrace.servlet;

import io.github.httptrace.core.TracerBinding;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** A request's headers as the binding reads them (extraction), and as the allow-list reads them. */
final class RequestHeaders implements TracerBinding.HeaderReader {
  private final HttpServletRequest request;

  RequestHeaders(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public Iterable<String> names() {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? List.of() : names::asIterator;
  }

  @Override
  public String value(String name) {
    return request.getHeader(name);
  }

  /** All values of header {@code name}. */
  List<String> values(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }
}
