package io.github.httptrace.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conventions' header attribute keys, {@code http.request.header.<name>} and {@code http.response.header.<name>}
 * (string arrays), made once per allow-listed name. Only allow-listed names reach here, so the caches stay as small
 * as the user's list.
 */
final class HeaderKeys {
  private static final String REQUEST = "http.request.header.";
  private static final String RESPONSE = "http.response.header.";

  private final ConcurrentHashMap<String, AttributeKey<List<String>>> request = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AttributeKey<List<String>>> response = new ConcurrentHashMap<>();

  AttributeKey<List<String>> request(String name) {
    return request.computeIfAbsent(name, n -> AttributeKey.stringArrayKey(REQUEST + n));
  }

  AttributeKey<List<String>> response(String name) {
    return response.computeIfAbsent(name, n -> AttributeKey.stringArrayKey(RESPONSE + n));
  }
}
