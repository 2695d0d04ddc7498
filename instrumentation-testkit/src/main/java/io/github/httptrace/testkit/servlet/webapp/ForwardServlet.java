package io.github.httptrace.testkit.servlet.webapp;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An old endpoint that forwards to the new one. */
public class ForwardServlet extends HttpServlet {

  /** Made by the container under test, which maps it in the suite's web app. */
  public ForwardServlet() {}

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    request.getRequestDispatcher("/gettime").forward(request, response);
  }
}
