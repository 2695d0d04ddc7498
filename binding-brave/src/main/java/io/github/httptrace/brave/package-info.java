/**
 * HTTP Trace on Brave's own API: {@link io.github.httptrace.brave.BraveBinding} hands the instrumentations (OkHttp,
 * Apache HttpClient 5, the servlet filter) a Brave {@code Tracing}, so their spans read as Brave's own HTTP
 * instrumentation writes them, with the request's lifecycle as annotations at their times.
 */
package io.github.httptrace.brave;
