package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.CallerContext;
import java.io.IOException;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;
import okio.Timeout;

/**
 * An OkHttp call whose {@code enqueue} callback runs in the context current where the call was made ({@link
 * CallerContextCallback}); everything else is the traced call's own. Compiled against OkHttp 5: on an OkHttp that
 * lacks a method of the interface (4.12 has no tags or {@code addEventListener}), the method is never called, as
 * the application cannot call it either.
 */
final class CallerContextCall implements Call {
  private final Call delegate;
  private final OkHttpTracing tracing;
  private final CallerContext context;

  CallerContextCall(Call delegate, OkHttpTracing tracing, CallerContext context) {
    this.delegate = delegate;
    this.tracing = tracing;
    this.context = context;
  }

  @Override
  public void enqueue(Callback callback) {
    delegate.enqueue(new CallerContextCallback(callback, this, context));
  }

  /** A new call made now: its context, like its parent, is what is current now. */
  @Override
  public Call clone() {
    return tracing.withCallerContext(delegate.clone());
  }

  @Override
  public Request request() {
    return delegate.request();
  }

  @Override
  public Response execute() throws IOException {
    return delegate.execute();
  }

  @Override
  public void cancel() {
    delegate.cancel();
  }

  @Override
  public boolean isExecuted() {
    return delegate.isExecuted();
  }

  @Override
  public boolean isCanceled() {
    return delegate.isCanceled();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public void addEventListener(EventListener eventListener) {
    delegate.addEventListener(eventListener);
  }

  @Override
  public <T> T tag(KClass<T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> T tag(Class<? extends T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> T tag(KClass<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  @Override
  public <T> T tag(Class<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
