package io.github.httptrace.core.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
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
  static HeaderAllowList none() {
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
  Set<String> names() {
    return lowercaseNames;
  }

  /** True when nothing is allow-listed, so callers can skip the header lookups entirely. */
  public boolean isEmpty() {
    return lowercaseNames.isEmpty();
  }

  /**
   * Hands {@code record} each allow-listed header that {@code valuesOf} finds: its lowercase name and its values,
   * each cut to {@link UrlSanitizer#MAX_LENGTH}.
   *
   * @param valuesOf a header's values by name, empty or null when absent
   */
  public void forEach(Function<String, List<String>> valuesOf, BiConsumer<String, List<String>> record) {
    for (String name : lowercaseNames) {
      List<String> values = valuesOf.apply(name);
      if (values == null || values.isEmpty()) continue;
      record.accept(name, truncated(values));
    }
  }

  private static List<String> truncated(List<String> values) {
    for (String value : values) {
      if (value != null && value.length() > UrlSanitizer.MAX_LENGTH) {
        List<String> cut = new java.util.ArrayList<>(values.size());
        for (String each : values) cut.add(UrlSanitizer.truncate(each));
        return cut;
      }
    }
    return values;
  }
}
