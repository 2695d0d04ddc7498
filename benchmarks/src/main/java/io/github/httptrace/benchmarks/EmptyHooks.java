package io.github.httptrace.benchmarks;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * The {@link Variant#HOOKS_ONLY} variant: the hooks our instrumentation installs in each library, at the same places,
 * wrapping what ours wraps on the events-off path, with nothing in them. No span, no clock, no lookup: what the
 * library charges for calling hooks at all, the floor under any instrumentation built on them.
 *
 * <ul>
 *   <li>OkHttp: an event listener made per call (how OkHttp reports connection reuse, DNS, connect, TLS and the body's
 *       end), an application interceptor and a network interceptor. Brave's own uses a call wrapper and one network
 *       interceptor, and sees none of those moments.
 *   <li>HttpClient classic: an exec handler first in the chain (the call) and one before {@code CONNECT} (each
 *       attempt), that one wrapping the response entity (where the body's end is seen).
 *   <li>HttpClient async: the same two handlers; the call's sends the call on with a scope of its own (how ours
 *       reaches its attempts), and each wraps the callback below it, that callback also consuming the body (where its
 *       end is seen).
 *   <li>The servlet: one filter.
 * </ul>
 *
 * <p>The interceptors, handlers and the filter count their calls in a plain field, the one thing in them: the tests
 * prove with it that the variant runs its hooks, and it costs a request a nanosecond or two.
 */
final class EmptyHooks {
  /** Calls of the interceptors, exec handlers or filter; two per request on the clients, one on the servlet. */
  int calls;

  OkHttpClient.Builder okHttp(OkHttpClient.Builder builder) {
    return builder
        .eventListenerFactory(call -> new EventListener() {})
        .addInterceptor(chain -> {
          calls++;
          return chain.proceed(chain.request());
        })
        .addNetworkInterceptor(chain -> {
          calls++;
          return chain.proceed(chain.request());
        });
  }

  HttpClientBuilder classic(HttpClientBuilder builder) {
    ExecChainHandler call = (request, scope, chain) -> {
      calls++;
      return chain.proceed(request, scope);
    };
    return builder.addExecInterceptorFirst("hooks-call", call)
        .addExecInterceptorBefore(ChainElement.CONNECT.name(), "hooks-attempt", this::classicAttempt);
  }

  private ClassicHttpResponse classicAttempt(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    calls++;
    ClassicHttpResponse response = chain.proceed(request, scope);
    HttpEntity entity = response.getEntity();
    if (entity != null) response.setEntity(new HttpEntityWrapper(entity));
    return response;
  }

  HttpAsyncClientBuilder async(HttpAsyncClientBuilder builder) {
    AsyncExecChainHandler call = (request, producer, scope, chain, callback) -> {
      calls++;
      chain.proceed(request, producer, new AsyncExecChain.Scope(scope.exchangeId, scope.route,
          scope.originalRequest, scope.cancellableDependency, scope.clientContext, scope.execRuntime,
          scope.scheduler, scope.execCount), new PassingCallback(callback));
    };
    AsyncExecChainHandler attempt = (request, producer, scope, chain, callback) -> {
      calls++;
      chain.proceed(request, producer, scope, new PassingCallback(callback));
    };
    return builder.addExecInterceptorFirst("hooks-call", call)
        .addExecInterceptorBefore(ChainElement.CONNECT.name(), "hooks-attempt", attempt);
  }

  Filter servletFilter() {
    return new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        calls++;
        chain.doFilter(request, response);
      }
    };
  }

  /** A callback that passes everything on, and is the consumer of the body it passes on, as ours are. */
  private static final class PassingCallback implements AsyncExecCallback, AsyncDataConsumer {
    private final AsyncExecCallback delegate;
    private AsyncDataConsumer consumer;

    PassingCallback(AsyncExecCallback delegate) {
      this.delegate = delegate;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      AsyncDataConsumer above = delegate.handleResponse(response, entityDetails);
      if (above == null) return null;
      consumer = above;
      return this;
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      delegate.failed(cause);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      consumer.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      consumer.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      consumer.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      AsyncDataConsumer above = consumer;
      if (above != null) above.releaseResources();
    }
  }
}
