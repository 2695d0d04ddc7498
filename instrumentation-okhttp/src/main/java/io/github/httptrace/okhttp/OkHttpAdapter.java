package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.ClientAdapter;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;

/** Reads OkHttp's requests and responses for the shared client lifecycle. */
final class OkHttpAdapter implements ClientAdapter<Request, Response> {
  static final OkHttpAdapter INSTANCE = new OkHttpAdapter();

  private OkHttpAdapter() {}

  @Override
  public String method(Request request) {
    return request.method();
  }

  @Override
  public String url(Request request) {
    return request.url().toString();
  }

  /** The URL's encoded path, as OkHttp keeps it: no URL string is built for a binding that records the path alone. */
  @Override
  public String path(Request request) {
    return request.url().encodedPath();
  }

  @Override
  public String host(Request request) {
    return request.url().host();
  }

  @Override
  public int port(Request request) {
    return request.url().port();
  }

  @Override
  public List<String> requestHeader(Request request, String name) {
    return request.headers(name);
  }

  @Override
  public int statusCode(Response response) {
    return response.code();
  }

  @Override
  public List<String> responseHeader(Response response, String name) {
    return response.headers(name);
  }

  @Override
  public String protocolVersion(Response response) {
    switch (response.protocol()) {
      case HTTP_1_0: return "1.0";
      case HTTP_1_1: return "1.1";
      case HTTP_2:
      case H2_PRIOR_KNOWLEDGE: return "2";
      default: return null;
    }
  }
}
