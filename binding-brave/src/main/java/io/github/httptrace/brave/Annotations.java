package io.github.httptrace.brave;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;

/**
 * The text of an annotation. Zipkin annotations are plain strings, so a lifecycle event is written as its name
 * followed by its fields as {@code key=value}, space-separated, in the event's order: {@code GetConn
 * hostPort=app.test:443}, {@code DNSDone addr=127.0.0.1}, {@code GotConn reused=false}, or just {@code WroteHeaders}.
 * The name leads so Zipkin's UI reads like Go's httptrace and the other bindings' event names; the fields stay in
 * the string because an annotation has nowhere else to put them. A Throwable field is written as its class name (the
 * message is the span's error). Values are written as they are, as the README's trees print them, unless they hold a
 * space, a double quote or a backslash, or are empty: then they are double-quoted with {@code \"} and {@code \\}
 * escaped (as logfmt writes them), so the text can always be split back into its fields.
 */
final class Annotations {
  /** The annotation of a failure: Brave's {@code Span.error} has no time of its own. */
  static final String ERROR = HttpEvents.ERROR;

  private Annotations() {}

  static String of(HttpEvent event) {
    int size = event.size();
    if (size == 0) return event.name();
    StringBuilder text = new StringBuilder(48).append(event.name());
    for (int i = 0; i < size; i++) {
      text.append(' ').append(event.key(i)).append('=');
      Object value = event.value(i);
      appendValue(text, value instanceof Throwable ? value.getClass().getName() : String.valueOf(value));
    }
    return text.toString();
  }

  private static void appendValue(StringBuilder text, String value) {
    if (!value.isEmpty() && value.indexOf(' ') < 0 && value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
      text.append(value);
      return;
    }
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') text.append('\\');
      text.append(c);
    }
    text.append('"');
  }

  /** {@code error error.kind=java.net.ConnectException}: the error log's event and kind, as the other bindings'. */
  static String error(Throwable error) {
    return ERROR + ' ' + HttpEvents.FIELD_ERROR_KIND + '=' + error.getClass().getName();
  }
}
