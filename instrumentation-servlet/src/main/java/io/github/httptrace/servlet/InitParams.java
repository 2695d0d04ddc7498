package io.github.httptrace.servlet;

import io.github.httptrace.core.internal.Safe;
import jakarta.servlet.FilterConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the filter's options from {@code web.xml} init-params. A value that cannot be read (a bad regex, an
 * unknown strategy) is logged and ignored: a typo in tracing configuration must not take the application down.
 */
final class InitParams {
  private InitParams() {}

  static void apply(FilterConfig config, TracingFilter.Builder builder) {
    String skip = param(config, TracingFilter.PARAM_SKIP_PATTERN);
    if (skip != null) {
      Safe.run("init-param " + TracingFilter.PARAM_SKIP_PATTERN, () -> builder.skipPattern(Pattern.compile(skip)));
    }
    String operationName = param(config, TracingFilter.PARAM_OPERATION_NAME);
    if (operationName != null) {
      Safe.run("init-param " + TracingFilter.PARAM_OPERATION_NAME, () -> {
        switch (operationName.toLowerCase(Locale.ROOT)) {
          case "method":
            // The default: the binding names the span (HTTP GET on OpenTracing).
            break;
          case "mapping":
            builder.operationNameFromMapping();
            break;
          default:
            throw new IllegalArgumentException(
                "unknown operationName '" + operationName + "': expected 'method' or 'mapping'");
        }
      });
    }
    String component = param(config, TracingFilter.PARAM_COMPONENT);
    if (component != null) builder.component(component);
    String requestHeaders = param(config, TracingFilter.PARAM_REQUEST_HEADERS);
    if (requestHeaders != null) builder.requestHeaders(list(requestHeaders));
    String responseHeaders = param(config, TracingFilter.PARAM_RESPONSE_HEADERS);
    if (responseHeaders != null) builder.responseHeaders(list(responseHeaders));
    String sensitive = param(config, TracingFilter.PARAM_SENSITIVE_QUERY_PARAMETERS);
    if (sensitive != null) builder.sensitiveQueryParameters(list(sensitive));
    String extract = param(config, TracingFilter.PARAM_EXTRACT_PARENT);
    if (extract != null) {
      Safe.run("init-param " + TracingFilter.PARAM_EXTRACT_PARENT, () -> builder.extractParent(bool(extract)));
    }
  }

  private static String param(FilterConfig config, String name) {
    String value = config.getInitParameter(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  private static boolean bool(String value) {
    if (value.equalsIgnoreCase("true")) return true;
    if (value.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("expected true or false, got '" + value + "'");
  }
}
