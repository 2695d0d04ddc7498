package io.github.httptrace.testkit.servlet.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A health check, which the web.xml skip pattern leaves untraced. */
public class HealthServlet extends HttpServlet {

  /** Made by the container under test, which maps it in the suite's web app. */
  public HealthServlet() {}

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.getWriter().print("up");
  }
}
