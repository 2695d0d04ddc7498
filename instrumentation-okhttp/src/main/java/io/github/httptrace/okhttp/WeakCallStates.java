package io.github.httptrace.okhttp;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Call;

/**
 * OkHttp 4.12, whose calls carry no tags: each call's state is kept in a map that holds the call weakly, so a call
 * that is never run, or whose body is never closed, does not keep its state alive. OkHttp's calls have identity
 * equality, so a cloned call is a key of its own.
 *
 * <p>The state is held weakly too. It can reach its call: the last response OkHttp handed to the listener points at
 * its exchange, which points at the call. A {@link WeakHashMap} value that reaches its own key keeps that key alive
 * for ever, and with it the call, its response and its connection's socket (10,000 abandoned calls ran the JVM out of
 * file descriptors). The call's own event listener holds the state strongly, so the state lives exactly as long as
 * the call.
 */
final class WeakCallStates implements CallStates {
  private final Map<Call, WeakReference<TracedCall>> states = Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public void publish(Call call, TracedCall traced) {
    states.put(call, new WeakReference<>(traced));
  }

  @Override
  public TracedCall find(Call call) {
    WeakReference<TracedCall> state = states.get(call);
    return state == null ? null : state.get();
  }
}
