package io.github.httptrace.okhttp;

import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Request;

/**
 * Finds a call's explicit parent among its request's tags. OkHttp 5 keys tags by {@link KClass}, and its {@code
 * Request.tag(Class)} makes a {@code KClass} per call: here it is made once per parent type. OkHttp 4.12 keys tags by
 * {@link Class}, so its lookup is used as it is.
 */
final class ParentTags {
  /** One parent type and its Kotlin key. */
  private record Key(Class<?> type, KClass<?> kotlin) {}

  private final boolean kotlinKeys;
  /** The key of the type last asked for: a binding names one parent type, so this is made once. */
  private volatile Key last;

  ParentTags(boolean kotlinKeys) {
    this.kotlinKeys = kotlinKeys;
  }

  /** The tag of {@code request} of type {@code type}, or null when it has none or {@code type} is null. */
  Object parentOf(Request request, Class<?> type) {
    if (type == null) return null;
    if (!kotlinKeys) return request.tag(type);
    Key key = last;
    if (key == null || key.type() != type) {
      key = new Key(type, JvmClassMappingKt.getKotlinClass(type));
      last = key;
    }
    return request.tag(key.kotlin());
  }
}
