package io.github.httptrace.okhttp;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.CallerContext;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * The application's callback, run on OkHttp's dispatcher thread with the context that was current where the call
 * was made: the dispatcher thread has nothing of the caller's, and the call's attempts are never current there.
 * Whatever the callback throws reaches OkHttp unchanged. The binding's own scope is closed through {@link
 * CallerContext#exit}, with no guarding scope object per callback.
 */
final class CallerContextCallback implements Callback {
  private final Callback delegate;
  private final Call call;
  private final CallerContext context;

  /** {@code call} is the one the application enqueued, handed to its callback in place of OkHttp's own. */
  CallerContextCallback(Callback delegate, Call call, CallerContext context) {
    this.delegate = delegate;
    this.call = call;
    this.context = context;
  }

  @Override
  public void onFailure(Call failed, IOException e) {
    TracerBinding.Scope scope = context.enter();
    try {
      delegate.onFailure(call, e);
    } finally {
      CallerContext.exit(scope);
    }
  }

  @Override
  public void onResponse(Call succeeded, Response response) throws IOException {
    TracerBinding.Scope scope = context.enter();
    try {
      delegate.onResponse(call, response);
    } finally {
      CallerContext.exit(scope);
    }
  }
}
