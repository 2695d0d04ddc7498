package io.github.httptrace.core.internal;

import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Makes a URL safe to record in {@code http.url} or a {@code Redirect} event's {@code location}: the userinfo
 * ({@code user:password@}) is removed, the values of sensitive query parameters are replaced by {@value
 * #REDACTED}, the fragment (never sent to a server) is dropped, and the result is cut to {@value #MAX_LENGTH}
 * characters.
 *
 * <p>Parameter names match without regard to case and after percent-decoding, so {@code Token}, {@code TOKEN}
 * and {@code %74oken} are all redacted. The sanitizer works on the text and never throws: a malformed URL is
 * sanitized as far as its text can be read.
 *
 * <pre>{@code
 * UrlSanitizer sanitizer = UrlSanitizer.withAdditional(List.of("session"));
 * sanitizer.sanitize("https://bob:pw@example.com/a?session=42&page=2");
 * // "https://example.com/a?session=REDACTED&page=2"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UrlSanitizer {
  /** The text that replaces a sensitive value. */
  public static final String REDACTED = "REDACTED";

  /** Longest recorded value, in characters; longer ones are cut. */
  public static final int MAX_LENGTH = 2048;

  /** Query parameters whose values are redacted by default: signatures, tokens, keys and passwords. */
  public static final Set<String> DEFAULT_SENSITIVE_PARAMETERS = Collections.unmodifiableSet(new LinkedHashSet<>(
      java.util.List.of("AWSAccessKeyId", "Signature", "X-Amz-Signature", "X-Amz-Credential",
          "X-Amz-Security-Token", "sig", "X-Goog-Signature", "X-Goog-Credential", "token", "access_token",
          "refresh_token", "id_token", "api_key", "apikey", "key", "password", "passwd", "secret",
          "client_secret")));

  private static final UrlSanitizer DEFAULT = new UrlSanitizer(DEFAULT_SENSITIVE_PARAMETERS);

  private final Set<String> sensitiveLowercase;
  /** The sensitive names by length, so a parameter name is compared in place with the few of its length. */
  private final String[][] sensitiveByLength;

  private UrlSanitizer(Collection<String> sensitiveParameters) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : sensitiveParameters) {
      if (name != null && !name.isBlank()) names.add(name.trim().toLowerCase(Locale.ROOT));
    }
    this.sensitiveLowercase = Collections.unmodifiableSet(names);
    int longest = 0;
    for (String name : names) longest = Math.max(longest, name.length());
    String[][] byLength = new String[longest + 1][0];
    for (String name : names) {
      String[] same = Arrays.copyOf(byLength[name.length()], byLength[name.length()].length + 1);
      same[same.length - 1] = name;
      byLength[name.length()] = same;
    }
    this.sensitiveByLength = byLength;
  }

  /** The sanitizer with {@link #DEFAULT_SENSITIVE_PARAMETERS}. */
  static UrlSanitizer defaults() {
    return DEFAULT;
  }

  /** A sanitizer that redacts the default parameters and {@code additional} ones. */
  public static UrlSanitizer withAdditional(Collection<String> additional) {
    if (additional.isEmpty()) return DEFAULT;
    Set<String> names = new LinkedHashSet<>(DEFAULT_SENSITIVE_PARAMETERS);
    names.addAll(additional);
    return new UrlSanitizer(names);
  }

  /** A sanitizer that redacts exactly {@code parameters}, replacing the defaults. */
  static UrlSanitizer of(Collection<String> parameters) {
    return new UrlSanitizer(parameters);
  }

  /** The sensitive parameter names, lowercase. */
  public Set<String> sensitiveParameters() {
    return sensitiveLowercase;
  }

  /** Returns {@code url} without credentials, sensitive values or fragment, at most {@value #MAX_LENGTH} long. */
  public String sanitize(String url) {
    if (url == null) return null;
    // Most URLs need nothing removed: recognize them without copying.
    if (isClean(url)) return truncate(url);
    int fragment = url.indexOf('#');
    String text = fragment >= 0 ? url.substring(0, fragment) : url;

    int authorityStart = authorityStart(text);
    int query = text.indexOf('?', authorityStart);
    int authorityEnd = authorityEnd(text, authorityStart);

    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 16));
    if (authorityStart > 0) {
      out.append(text, 0, authorityStart);
      int at = text.lastIndexOf('@', authorityEnd - 1);
      out.append(text, at >= authorityStart ? at + 1 : authorityStart, authorityEnd);
    } else {
      authorityEnd = 0;
    }
    if (query < 0) {
      out.append(text, authorityEnd, text.length());
    } else {
      out.append(text, authorityEnd, query + 1);
      appendQuery(out, text, query + 1);
    }
    return truncate(out.toString());
  }

  /** Cuts {@code value} to at most {@value #MAX_LENGTH} characters. */
  public static String truncate(String value) {
    if (value == null || value.length() <= MAX_LENGTH) return value;
    return value.substring(0, MAX_LENGTH);
  }

  /** Index just after {@code scheme://} or a scheme-relative {@code //}, or 0 when the text has no authority. */
  private static int authorityStart(String text) {
    if (text.startsWith("//")) return 2;
    int separator = text.indexOf("://");
    if (separator <= 0) return 0;
    for (int i = 0; i < separator; i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?') return 0;
    }
    return separator + 3;
  }

  private static int authorityEnd(String text, int start) {
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?') return i;
    }
    return text.length();
  }

  /** True when {@code url} has no fragment, no userinfo and no sensitive query value: nothing to remove. */
  private boolean isClean(String url) {
    if (url.indexOf('#') >= 0) return false;
    int authorityStart = authorityStart(url);
    if (authorityStart > 0) {
      int authorityEnd = authorityEnd(url, authorityStart);
      if (url.lastIndexOf('@', authorityEnd - 1) >= authorityStart) return false;
    }
    int query = url.indexOf('?', authorityStart);
    if (query < 0) return true;
    int pos = query + 1;
    while (pos <= url.length()) {
      int end = url.indexOf('&', pos);
      if (end < 0) end = url.length();
      int equals = url.indexOf('=', pos);
      if (equals >= 0 && equals < end && isSensitive(url, pos, equals)) return false;
      pos = end + 1;
    }
    return true;
  }

  private void appendQuery(StringBuilder out, String text, int start) {
    int pos = start;
    while (pos <= text.length()) {
      int end = text.indexOf('&', pos);
      if (end < 0) end = text.length();
      int equals = text.indexOf('=', pos);
      if (equals >= 0 && equals < end && isSensitive(text, pos, equals)) {
        out.append(text, pos, equals + 1).append(REDACTED);
      } else {
        out.append(text, pos, end);
      }
      if (end < text.length()) out.append('&');
      pos = end + 1;
    }
  }

  /** Whether the parameter name at {@code text[start, end)} is sensitive. */
  private boolean isSensitive(String text, int start, int end) {
    if (sensitiveLowercase.isEmpty()) return false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      // Encoded or non-ASCII: compare the decoded, lowercased name.
      if (c == '%' || c == '+' || c >= 0x80) {
        return sensitiveLowercase.contains(decode(text.substring(start, end)).toLowerCase(Locale.ROOT));
      }
    }
    int length = end - start;
    if (length >= sensitiveByLength.length) return false;
    for (String name : sensitiveByLength[length]) {
      if (text.regionMatches(true, start, name, 0, length)) return true;
    }
    return false;
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }
}
