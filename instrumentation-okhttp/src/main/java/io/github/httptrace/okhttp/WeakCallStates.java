package io.github.httptrace.okhttp;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Call;

/**
 * OkHttp 4.12, whose calls carry no tags: each call's state is kept in a map that holds the call weakly, so a call
 * that is never run, or whose body is never closed, does not keep its state alive. The state holds no reference to
 * its call. OkHttp's calls have identity equality, so a cloned call is a key of its own.
 */
final class WeakCallStates implements CallStates {
  private final Map<Call, TracedCall> states = Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public void publish(Call call, TracedCall traced) {
    states.put(call, traced);
  }

  @Override
  public TracedCall find(Call call) {
    return states.get(call);
  }
}
