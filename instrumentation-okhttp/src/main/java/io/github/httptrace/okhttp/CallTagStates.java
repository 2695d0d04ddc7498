package io.github.httptrace.okhttp;

import okhttp3.Call;

/** OkHttp 5.3 and newer: the call's state is one of its tags, so it lives and dies with the call. */
final class CallTagStates implements CallStates {
  @Override
  public void publish(Call call, TracedCall traced) {
    // The state is its own tag supplier (it returns itself), so publishing makes no lambda per call.
    call.tag(TracedCall.class, traced);
  }

  @Override
  public TracedCall find(Call call) {
    return call.tag(TracedCall.class);
  }
}
