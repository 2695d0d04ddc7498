package io.github.httptrace.okhttp;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** The calls of a traced client, each with the caller's context for its callback ({@link CallerContextCall}). */
final class CallerContextCallFactory implements Call.Factory {
  private final OkHttpClient client;
  private final OkHttpTracing tracing;

  CallerContextCallFactory(OkHttpClient client, OkHttpTracing tracing) {
    this.client = client;
    this.tracing = tracing;
  }

  @Override
  public Call newCall(Request request) {
    return tracing.withCallerContext(client.newCall(request));
  }

  @Override
  public String toString() {
    return "CallerContextCallFactory{" + client + "}";
  }
}
