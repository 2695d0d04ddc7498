package io.github.httptrace.testkit.servlet.webapp;

import io.opentracing.util.GlobalTracer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers the time, asynchronously when asked; reports whether a span is active so tests can check it. */
public class GetTimeServlet extends HttpServlet {

  /** Made by the container under test, which maps it in the suite's web app. */
  public GetTimeServlet() {}

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("X-Served-By", "gettime");
    String active = String.valueOf(GlobalTracer.get().activeSpan() != null);
    if (request.getParameter("async") == null) {
      response.getWriter().print("time active=" + active);
      return;
    }
    AsyncContext async = request.startAsync();
    async.start(() -> {
      try {
        response.getWriter().print("async time active=" + active);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      async.complete();
    });
  }
}
