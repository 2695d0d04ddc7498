package io.github.httptrace.samples.gettime;

import io.github.httptrace.core.ErrorLog;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The client's whole job as one span, {@code gettime}: it calls {@code http://localhost:PORT/} through the
 * traced OkHttp client, which follows the redirect, so the attempts, their events and the server's spans all
 * land under it.
 */
final class GetTimeClient {
  private final Tracer tracer;
  private final OkHttpClient client;

  GetTimeClient(Tracer tracer) {
    this.tracer = tracer;
    // A host name, so name resolution shows in the trace; it only ever resolves to the loopback address.
    this.client = OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}))))
        .build();
  }

  /** Gets the time; the span of the job is returned through {@code job} for the caller to find its trace. */
  String getTime(int port, Span[] job) throws IOException {
    Span span = tracer.buildSpan("gettime").start();
    job[0] = span;
    try (Scope scope = tracer.activateSpan(span);
        Response response = client.newCall(new Request.Builder().url("http://localhost:" + port + "/").build())
            .execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code() + ": " + body);
      return body;
    } catch (IOException | RuntimeException e) {
      ErrorLog.record(span, e);
      throw e;
    } finally {
      span.finish();
    }
  }

  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
