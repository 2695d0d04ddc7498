package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.MicrosClock;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A classic call: its {@link TracedExchange}, found by its attempts through the thread running it, and the response
 * entity of its open attempt, which the call's end rides on when the call returns that body.
 */
final class ClassicExchange extends TracedExchange {
  /** HttpClient's entity that releases the connection when the body ends; its protocol layer adds it (5.6). */
  private static final String RESPONSE_ENTITY_PROXY = "org.apache.hc.client5.http.impl.classic.ResponseEntityProxy";

  /** The call's context, so an attempt of another call on the same thread is never taken for this one's. */
  private HttpContext context;
  /** The open attempt's response entity, which the call's end rides on when it is the call's body. */
  private TracedResponseEntity attemptEntity;

  /** A traced classic call ({@link ClientTracing#newCall(Object, Object, ClientTracing.CallFactory)}). */
  ClassicExchange(ClientTracing<HttpRequest, HttpResponse> tracing, HttpRequest request, Object parent,
      MicrosClock clock) {
    super(tracing, request, parent, clock);
  }

  /**
   * Makes this exchange the call of {@code context}: its attempts are the ones run with that context, found through
   * the thread ({@link AttemptThread#classicCall}).
   */
  void runsIn(HttpContext context) {
    this.context = context;
  }

  /** Whether this is the call of {@code context} (see {@link #runsIn}). */
  boolean isCallOf(HttpContext context) {
    return this.context == context;
  }

  /** A new attempt began: the previous one's entity is no longer the one the call could return. Under the lock. */
  void attemptBegan() {
    attemptEntity = null;
  }

  /**
   * The attempt got {@code response}'s head, with {@code entity} (null: none), the wrapper that reports its body's
   * end; without a body the attempt ends now.
   */
  void responded(HttpResponse response, EndpointDetails endpoint, TracedResponseEntity entity) {
    synchronized (this) {
      attemptEntity = entity;
      responded(response, entity != null, endpoint);
    }
  }

  /**
   * The call returned its final response, with {@code entity} (null: none): without a body the call is over. When the
   * entity is the last attempt's, or HttpClient's own proxy around it, the call ends with that body and this returns
   * true; false means the caller must wrap it to see the call's end ({@link #callBodyClosed}). From HttpClient 5.6
   * its protocol layer, above the attempts, puts a proxy that releases the connection around the entity the attempt
   * returned; it reads and closes the attempt's entity, so the call needs no second wrapper and stream.
   */
  boolean callReturned(HttpEntity entity) {
    synchronized (this) {
      if (entity == null) {
        end(now());
        return true;
      }
      if (attemptEntity == null
          || entity != attemptEntity && !entity.getClass().getName().equals(RESPONSE_ENTITY_PROXY)) {
        return false;
      }
      endsWithAttemptBody();
      return true;
    }
  }
}
