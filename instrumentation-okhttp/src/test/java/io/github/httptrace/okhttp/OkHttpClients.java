package io.github.httptrace.okhttp;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.client.ClientRequest;
import io.github.httptrace.testkit.client.ClientResponse;
import io.github.httptrace.testkit.client.ClientSetup;
import io.github.httptrace.testkit.client.ClientUnderTest;
import io.github.httptrace.testkit.client.DecoratorHook;
import io.github.httptrace.testkit.client.TracedClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.charset.StandardCharsets;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * OkHttp, decorated by {@link OkHttpTracing}, as the client conformance suite drives it: {@link #EXECUTE} calls
 * {@code Call.execute()} on the sending thread, {@link #ENQUEUE} calls {@code Call.enqueue} and completes in the
 * callback on OkHttp's dispatcher thread. The tracing is built from the setup's binding ({@link
 * OkHttpTracing#newBuilderWith}), so a binding module runs the suite with these same clients through this module's
 * test jar.
 */
public enum OkHttpClients implements ClientUnderTest {
  /** Blocking calls: {@code Call.execute()}. */
  EXECUTE(false),
  /**
   * Asynchronous calls: {@code Call.enqueue(Callback)} on calls of {@link OkHttpTracing#callFactory}, so that the
   * callback runs in the caller's context; the body is read inside {@code onResponse}.
   */
  ENQUEUE(true);

  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
  private static final long OUTCOME_SECONDS = 10;

  private final boolean asynchronous;

  OkHttpClients(boolean asynchronous) {
    this.asynchronous = asynchronous;
  }

  @Override
  public String component() {
    return HttpTags.COMPONENT_OKHTTP;
  }

  @Override
  public boolean asynchronous() {
    return asynchronous;
  }

  /** OkHttp follows at most 20 follow-ups (its {@code MAX_FOLLOW_UPS}), so a loop sends 21 requests. */
  @Override
  public int redirectLoopRequests() {
    return 21;
  }

  @Override
  public TracedClient create(ClientSetup setup) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .dns(setup.resolver()::resolve)
        .readTimeout(setup.readTimeout())
        .connectTimeout(setup.connectTimeout());
    if (setup.sslContext() != null) {
      builder.sslSocketFactory(setup.sslContext().getSocketFactory(), setup.trustManager());
    }
    ActiveSpanProbe probe = setup.probe();
    if (probe != null) {
      // Added before decorating, so it runs outside the instrumentation: whatever it sees active was leaked.
      builder.addInterceptor(chain -> {
        probe.record(ClientSetup.PROBE_INTERCEPTOR);
        try {
          return chain.proceed(chain.request());
        } finally {
          probe.record(ClientSetup.PROBE_INTERCEPTOR);
        }
      });
    }
    OkHttpTracing.Builder tracing = OkHttpTracing.newBuilderWith(setup.binding())
        .lifecycleEvents(setup.lifecycleEvents())
        .callSpan(setup.callSpan());
    if (setup.failingHook() != null) tracing.decorator(new FailingDecorator(setup.failingHook()));
    OkHttpTracing built = tracing.build();
    OkHttpClient client = built.decorate(builder).build();
    TracerBinding binding = setup.binding();
    // Enqueued calls are made through the call factory, which gives their callbacks the caller's context.
    return asynchronous
        ? new Enqueuing(client, built.callFactory(client), binding, probe)
        : new Executing(client, binding);
  }

  /** {@code request} as OkHttp's; an explicit parent goes into the tag of the binding's parent type. */
  private static Request toOkHttp(ClientRequest request, TracerBinding binding) {
    Request.Builder builder = new Request.Builder().url(request.url().toString());
    request.headers().forEach(builder::header);
    builder.method(request.method(), bodyOf(request));
    if (request.explicitParent() != null) {
      @SuppressWarnings("unchecked")
      Class<Object> parentType = (Class<Object>) binding.parentType();
      builder.tag(parentType, request.explicitParent());
    }
    return builder.build();
  }

  /** The request's body: whole with its length, or streamed (chunked), of unknown length; null for none. */
  private static RequestBody bodyOf(ClientRequest request) {
    if (request.body() == null) return null;
    if (!request.chunked()) return RequestBody.create(request.body(), TEXT);
    byte[] bytes = request.body().getBytes(StandardCharsets.UTF_8);
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return TEXT;
      }

      @Override
      public long contentLength() {
        return -1L;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(bytes);
      }
    };
  }

  /** Reads at most {@code bytes} of the body and closes the response, the rest unread. */
  private static ClientResponse readSome(Response response, int bytes) throws IOException {
    try (response) {
      byte[] read = response.body().byteStream().readNBytes(bytes);
      return new ClientResponse(response.code(), new String(read, StandardCharsets.UTF_8));
    }
  }

  /** Reads the whole body and closes the response. */
  private static ClientResponse read(Response response) throws IOException {
    try (response) {
      return new ClientResponse(response.code(), response.body().string());
    }
  }

  /** Waits for {@code outcome}, throwing what the call failed with as the client reported it. */
  private static ClientResponse await(CompletableFuture<ClientResponse> outcome, Call call) throws Exception {
    try {
      return outcome.get(OUTCOME_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw (Error) e.getCause();
    } catch (TimeoutException e) {
      call.cancel();
      throw new AssertionError("no outcome within " + OUTCOME_SECONDS + " s for " + call.request(), e);
    }
  }

  private abstract static class OkHttpTracedClient implements TracedClient {
    final OkHttpClient client;
    final TracerBinding binding;

    OkHttpTracedClient(OkHttpClient client, TracerBinding binding) {
      this.client = client;
      this.binding = binding;
    }

    @Override
    public void close() {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static final class Executing extends OkHttpTracedClient {
    Executing(OkHttpClient client, TracerBinding binding) {
      super(client, binding);
    }

    @Override
    public ClientResponse send(ClientRequest request) throws IOException {
      return read(client.newCall(toOkHttp(request, binding)).execute());
    }

    @Override
    public ClientResponse sendAndCloseAfter(ClientRequest request, int bytes) throws IOException {
      return readSome(client.newCall(toOkHttp(request, binding)).execute(), bytes);
    }

    @Override
    public Cancelable start(ClientRequest request) {
      // Created here, executed on a thread of its own, so that this thread is free to cancel it.
      Call call = client.newCall(toOkHttp(request, binding));
      CompletableFuture<ClientResponse> outcome = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try {
          outcome.complete(read(call.execute()));
        } catch (Throwable e) {
          outcome.completeExceptionally(e);
        }
      }, "okhttp-execute-" + request.url());
      thread.setDaemon(true);
      thread.start();
      return new InFlight(call, outcome);
    }
  }

  private static final class Enqueuing extends OkHttpTracedClient {
    private final ActiveSpanProbe probe;

    private final Call.Factory calls;

    Enqueuing(OkHttpClient client, Call.Factory calls, TracerBinding binding, ActiveSpanProbe probe) {
      super(client, binding);
      this.calls = calls;
      this.probe = probe;
    }

    @Override
    public ClientResponse send(ClientRequest request) throws Exception {
      return start(request).outcome();
    }

    @Override
    public ClientResponse sendAndCloseAfter(ClientRequest request, int bytes) throws Exception {
      return start(request, response -> readSome(response, bytes)).outcome();
    }

    @Override
    public Cancelable start(ClientRequest request) {
      return start(request, OkHttpClients::read);
    }

    /** Enqueues {@code request}; its callback turns the response into the outcome with {@code reader}. */
    private Cancelable start(ClientRequest request, ResponseReader reader) {
      Call call = calls.newCall(toOkHttp(request, binding));
      CompletableFuture<ClientResponse> outcome = new CompletableFuture<>();
      call.enqueue(new Callback() {
        @Override
        public void onFailure(Call failed, IOException e) {
          if (probe != null) probe.record(ClientSetup.PROBE_CALLBACK);
          outcome.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call succeeded, Response response) {
          if (probe != null) probe.record(ClientSetup.PROBE_CALLBACK);
          try {
            outcome.complete(reader.read(response));
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        }
      });
      return new InFlight(call, outcome);
    }
  }

  /** What the application does with a response in its callback. */
  @FunctionalInterface
  private interface ResponseReader {
    ClientResponse read(Response response) throws IOException;
  }

  private static final class InFlight implements TracedClient.Cancelable {
    private final Call call;
    private final CompletableFuture<ClientResponse> outcome;

    InFlight(Call call, CompletableFuture<ClientResponse> outcome) {
      this.call = call;
      this.outcome = outcome;
    }

    @Override
    public void cancel() {
      call.cancel();
    }

    @Override
    public ClientResponse outcome() throws Exception {
      return await(outcome, call);
    }
  }

  /**
   * A decorator whose one hook throws on every call, and whose other hooks do nothing. It takes the span as any
   * binding's own object, so it runs on every binding (an {@link OkHttpSpanDecorator} takes OpenTracing's).
   */
  private static final class FailingDecorator implements ClientDecorator<Request, Response, Object> {
    private final DecoratorHook failing;

    FailingDecorator(DecoratorHook failing) {
      this.failing = failing;
    }

    @Override
    public void onRequest(Request request, Object span) {
      if (failing == DecoratorHook.ON_REQUEST) throw failing.failure();
    }

    @Override
    public void onResponse(Response response, Object span) {
      if (failing == DecoratorHook.ON_RESPONSE) throw failing.failure();
    }

    @Override
    public void onError(Throwable error, Object span) {
      if (failing == DecoratorHook.ON_ERROR) throw failing.failure();
    }
  }
}
