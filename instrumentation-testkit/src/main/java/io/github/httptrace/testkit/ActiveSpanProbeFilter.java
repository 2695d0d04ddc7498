package io.github.httptrace.testkit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * A plain servlet filter to put in front of the filter under test: it records the active span on the container
 * thread when a dispatch enters and when it leaves. Register it for all dispatcher types, async-supported, so
 * async and error dispatches are probed too. Forward and include dispatches are not probed: they run inside the
 * application's own handling of the request, where the server span is rightly active.
 */
public final class ActiveSpanProbeFilter implements Filter {
  /** Label of the observation made before the chain runs. */
  public static final String ENTRY = "entry";
  /** Label of the observation made after the chain returned or threw. */
  public static final String EXIT = "exit";

  private final ActiveSpanProbe probe;

  /** A filter recording into {@code probe}. */
  public ActiveSpanProbeFilter(ActiveSpanProbe probe) {
    this.probe = probe;
  }

  /** Records at entry and exit around the rest of the chain. */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    DispatcherType type = request.getDispatcherType();
    if (type == DispatcherType.FORWARD || type == DispatcherType.INCLUDE) {
      chain.doFilter(request, response);
      return;
    }
    probe.record(ENTRY);
    try {
      chain.doFilter(request, response);
    } finally {
      probe.record(EXIT);
    }
  }
}
