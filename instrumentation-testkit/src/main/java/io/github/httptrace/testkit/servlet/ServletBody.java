package io.github.httptrace.testkit.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet's {@code service} as a lambda, for the suite's endpoints. */
@FunctionalInterface
public interface ServletBody {
  /** Handles one dispatch of a request. */
  void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;

  /** A servlet running this body for every method and dispatch; checked exceptions other than the servlet's own are wrapped. */
  default HttpServlet asServlet() {
    ServletBody body = this;
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws ServletException, IOException {
        try {
          body.handle(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new ServletException(e);
        }
      }
    };
  }
}
