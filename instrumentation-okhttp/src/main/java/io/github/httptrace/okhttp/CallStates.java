package io.github.httptrace.okhttp;

import okhttp3.Call;

/**
 * Where the interceptors find the {@link TracedCall} of the call they run in: the event listener publishes it when
 * the call starts. On OkHttp 5.3 and newer it is a tag of the call itself ({@link CallTagStates}); OkHttp 4.12's
 * calls carry no tags, so it is kept beside the call instead ({@link WeakCallStates}).
 */
interface CallStates {
  /** The states of the OkHttp on the class path. */
  static CallStates forCurrentOkHttp() {
    return OkHttpVersion.current().hasDecisionHooks() ? new CallTagStates() : new WeakCallStates();
  }

  /** Publishes {@code traced} as {@code call}'s state; from {@code callStart} on. */
  void publish(Call call, TracedCall traced);

  /** The state published for {@code call}, or null. */
  TracedCall find(Call call);
}
