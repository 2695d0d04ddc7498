package io.github.httptrace.testkit.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request as the conformance suite states it; adapters turn it into their client's own request type.
 *
 * @param method e.g. {@code GET}
 * @param url absolute URL
 * @param headers headers to send, by name (each once)
 * @param body a {@code text/plain; charset=utf-8} body, or null for none
 * @param explicitParent the parent passed with the request in the client's own way (an instance of the binding's
 *     {@code parentType()}, e.g. {@code TestTracer.CallerSpan.parent()}), or null
 * @param chunked whether the body is streamed, its length unknown to the client (sent chunked over HTTP/1.1), not
 *     given whole with its length
 */
public record ClientRequest(String method, URI url, Map<String, String> headers, String body,
    Object explicitParent, boolean chunked) {
  /** Validates and copies. */
  public ClientRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers);
  }

  /** A request whose body, if any, is given whole with its length. */
  public ClientRequest(String method, URI url, Map<String, String> headers, String body, Object explicitParent) {
    this(method, url, headers, body, explicitParent, false);
  }

  /** A GET of {@code url}. */
  public static ClientRequest get(URI url) {
    return new ClientRequest("GET", url, Map.of(), null, null);
  }

  /** A POST of {@code body} to {@code url}. */
  public static ClientRequest post(URI url, String body) {
    return new ClientRequest("POST", url, Map.of(), body, null);
  }

  /** A request with {@code method} to {@code url}, with {@code body} (null: none). */
  public static ClientRequest of(String method, URI url, String body) {
    return new ClientRequest(method, url, Map.of(), body, null);
  }

  /** This request with header {@code name} set to {@code value}. */
  public ClientRequest withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ClientRequest(method, url, copy, body, explicitParent, chunked);
  }

  /** This request with {@code parent} passed explicitly. */
  public ClientRequest withParent(Object parent) {
    return new ClientRequest(method, url, headers, body, parent, chunked);
  }

  /** This request with its body streamed, of a length the client does not know ({@link #chunked}). */
  public ClientRequest asChunked() {
    return new ClientRequest(method, url, headers, body, explicitParent, true);
  }
}
