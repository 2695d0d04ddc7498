package io.github.httptrace.httpclient;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * What HttpClient tracing keeps on a thread that runs attempts, one per thread and reused: the classic call whose
 * exec chain runs on it, and the writer that sets an attempt's trace headers. Per call, both were fields of its
 * exchange: the injection's state is needed only while an attempt's headers are set, under the call's lock.
 *
 * <p>The classic chain is synchronous on the calling thread, so its attempts find their call here without a context
 * attribute: HttpClient's context makes its attribute map on the first attribute, and a map, its table and an entry
 * per call were a tenth of the bytes tracing added to a request.
 */
final class AttemptThread implements TracerBinding.HeaderWriter {
  private static final ThreadLocal<AttemptThread> CURRENT = ThreadLocal.withInitial(AttemptThread::new);

  /** The classic call whose exec chain runs on this thread; restored by its call handler when the chain returns. */
  ClassicExchange classicCall;

  // The request being injected ({@link #inject}): what was changed, so a failure part way can be undone.
  private HttpRequest injecting;
  private Header[] injectBefore;
  private String added0;
  private String added1;
  private String added2;
  private String added3;
  private List<String> addedMore;
  private boolean injectFailed;

  /** This thread's state. */
  static AttemptThread current() {
    return CURRENT.get();
  }

  /**
   * The classic call an attempt in {@code context} belongs to: the one bound on this thread, if it was bound for
   * that same context (a call made inside another's chain with a context of its own is not the outer call's).
   */
  ClassicExchange classicCall(HttpContext context) {
    ClassicExchange exchange = classicCall;
    return exchange != null && exchange.isCallOf(context) ? exchange : null;
  }

  /**
   * Sets the context of {@code call}'s open attempt on {@code request}, HttpClient's own copy for this attempt (see
   * {@link RequestCopy}); with nothing injected, or injection failed part way, its headers are left as they came.
   * Called under the call's lock.
   */
  void inject(ClientCall<?, ?> call, HttpRequest request) {
    // A binding that made an HttpClient call of its own while injecting would come back here: it gets its own state.
    if (injecting != null) {
      new AttemptThread().inject(call, request);
      return;
    }
    injecting = request;
    injectFailed = false;
    try {
      boolean injected;
      try {
        injected = call.inject(this);
      } catch (Throwable t) {
        Safe.failed("httpclient.inject", t);
        injected = false;
      }
      if (!injected || injectFailed) undoInjection();
    } finally {
      injecting = null;
      injectBefore = null;
      added0 = null;
      added1 = null;
      added2 = null;
      added3 = null;
      addedMore = null;
    }
  }

  /** Sets one header on the request being injected; only ever called inside {@link #inject}. */
  @Override
  public void set(String name, String value) {
    HttpRequest request = injecting;
    if (request == null || injectFailed) return;
    try {
      if (request.containsHeader(name)) {
        // A header of this name was there: the headers as they came are kept before the first is replaced.
        if (injectBefore == null) injectBefore = request.getHeaders();
        request.setHeader(name, value);
      } else {
        // None of this name: appended, without setHeader's second look through the headers for one to replace.
        added(name);
        request.addHeader(name, value);
      }
    } catch (Throwable t) {
      injectFailed = true;
      Safe.failed("httpclient.injectHeaders", t);
    }
  }

  private void added(String name) {
    if (added0 == null) {
      added0 = name;
    } else if (added1 == null) {
      added1 = name;
    } else if (added2 == null) {
      added2 = name;
    } else if (added3 == null) {
      added3 = name;
    } else {
      if (addedMore == null) addedMore = new ArrayList<>();
      addedMore.add(name);
    }
  }

  /** The request's headers as they came: those replaced restored, those added removed. */
  private void undoInjection() {
    try {
      if (injectBefore != null) injecting.setHeaders(injectBefore);
      removeAdded(added0);
      removeAdded(added1);
      removeAdded(added2);
      removeAdded(added3);
      if (addedMore != null) addedMore.forEach(this::removeAdded);
    } catch (Throwable t) {
      Safe.failed("httpclient.injectHeaders", t);
    }
  }

  private void removeAdded(String name) {
    if (name != null) injecting.removeHeaders(name);
  }
}
