package io.github.httptrace.okhttp;

import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;

/** OkHttp 5.3 and newer: the call's state is one of its tags, so it lives and dies with the call. */
final class CallTagStates implements CallStates {
  /**
   * The tag's key as OkHttp keys tags: its {@code Call.tag(Class)} makes a {@code KClass} per lookup, three per call
   * (published, then found by each interceptor).
   */
  private static final KClass<TracedCall> KEY = JvmClassMappingKt.getKotlinClass(TracedCall.class);

  @Override
  public void publish(Call call, TracedCall traced) {
    // The state is its own tag supplier (it returns itself), so publishing makes no lambda per call.
    call.tag(KEY, traced);
  }

  @Override
  public TracedCall find(Call call) {
    return call.tag(KEY);
  }
}
