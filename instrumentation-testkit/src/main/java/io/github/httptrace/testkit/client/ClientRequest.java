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
 */
public record ClientRequest(String method, URI url, Map<String, String> headers, String body,
    Object explicitParent) {
  /** Validates and copies. */
  public ClientRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers);
  }

  /** A GET of {@code url}. */
  public static ClientRequest get(URI url) {
    return new ClientRequest("GET", url, Map.of(), null, null);
  }

  /** A POST of {@code body} to {@code url}. */
  public static ClientRequest post(URI url, String body) {
    return new ClientRequest("POST", url, Map.of(), body, null);
  }

  /** This request with header {@code name} set to {@code value}. */
  public ClientRequest withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ClientRequest(method, url, copy, body, explicitParent);
  }

  /** This request with {@code parent} passed explicitly. */
  public ClientRequest withParent(Object parent) {
    return new ClientRequest(method, url, headers, body, parent);
  }
}
