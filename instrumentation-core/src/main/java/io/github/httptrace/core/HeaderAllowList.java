package io.github.httptrace.core;

import io.opentracing.Span;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The headers whose values may be recorded as tags. No header value is ever recorded unless its name is here:
 * headers carry cookies, credentials and personal data. Names match without regard to case; the tag key uses the
 * lowercase name, e.g. {@code http.request.header.user-agent}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HeaderAllowList {
  private static final HeaderAllowList NONE = new HeaderAllowList(Set.of());

  private final Set<String> lowercaseNames;

  private HeaderAllowList(Set<String> lowercaseNames) {
    this.lowercaseNames = lowercaseNames;
  }

  /** The empty list: no header is recorded. */
  public static HeaderAllowList none() {
    return NONE;
  }

  /** A list of {@code names}; blank names are ignored. */
  public static HeaderAllowList of(Collection<String> names) {
    Set<String> lowercase = new LinkedHashSet<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) lowercase.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return lowercase.isEmpty() ? NONE : new HeaderAllowList(Collections.unmodifiableSet(lowercase));
  }

  /** The allow-listed names, lowercase. */
  public Set<String> names() {
    return lowercaseNames;
  }

  /** True when nothing is allow-listed, so callers can skip the header lookups entirely. */
  public boolean isEmpty() {
    return lowercaseNames.isEmpty();
  }

  /**
   * Tags {@code span} with each allow-listed header that {@code valuesOf} finds: key {@code prefix + name},
   * value the header's values joined by {@code ", "} and cut to {@link UrlSanitizer#MAX_LENGTH}.
   *
   * @param prefix {@link HttpTags#REQUEST_HEADER_PREFIX} or {@link HttpTags#RESPONSE_HEADER_PREFIX}
   * @param valuesOf a header's values by name, empty or null when absent
   */
  public void tag(Span span, String prefix, Function<String, List<String>> valuesOf) {
    for (String name : lowercaseNames) {
      List<String> values = valuesOf.apply(name);
      if (values == null || values.isEmpty()) continue;
      String value = values.size() == 1 ? values.get(0) : String.join(", ", values);
      span.setTag(prefix + name, UrlSanitizer.truncate(value));
    }
  }
}
