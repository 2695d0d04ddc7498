package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.Safe;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Gives each call its tracing listener, ahead of the listener the application configured, which keeps receiving
 * every event. It runs in {@code OkHttpClient.newCall}, on the thread creating the call: the parent captured
 * here is the span active there, also for calls enqueued and run on a dispatcher thread.
 */
final class TracingEventListenerFactory implements EventListener.Factory {
  private final OkHttpTracing tracing;
  private final EventListener.Factory delegate;

  TracingEventListenerFactory(OkHttpTracing tracing, EventListener.Factory delegate) {
    this.tracing = tracing;
    this.delegate = delegate;
  }

  @Override
  public EventListener create(Call call) {
    EventListener application = delegate.create(call);
    if (tracing.isNoop()) return application;
    TracedCall traced;
    try {
      traced = tracing.newTracedCall(call.request());
    } catch (Throwable t) {
      Safe.failed("okhttp.newCall", t);
      traced = null;
    }
    if (traced == null) return application;
    // Ours first: it never throws, so a throwing application listener cannot starve it of an event.
    EventListener ours = new TracingEventListener(traced, tracing.callStates());
    if (application == EventListener.NONE) return ours;
    // OkHttp 4.12 has no EventListener.plus.
    return tracing.hasDecisionHooks() ? ours.plus(application) : new ChainedEventListener(ours, application);
  }
}
