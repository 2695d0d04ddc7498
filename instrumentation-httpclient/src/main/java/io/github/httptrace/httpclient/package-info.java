/**
 * OpenTracing instrumentation for Apache HttpClient 5: {@link io.github.httptrace.httpclient.HttpClientTracing}
 * decorates a client builder in one call, giving a span per attempt, each attempt's own context in its headers,
 * and the request's lifecycle as span logs.
 */
package io.github.httptrace.httpclient;
