package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds the binding for code that is not handed one (the no-arg {@code TracingFilter}), among the binding artifacts
 * on the class path.
 *
 * <p>The rule, in order: the provider named by {@code requested} (the filter's {@code tracer} init-param), if any;
 * else the first provider whose tracer the application has made available now (an attribute or a registered global
 * instance), in the order OpenTelemetry, Brave, OpenTracing; else the first provider with a global registry, in the
 * order OpenTracing, OpenTelemetry, Brave (OpenTracing first because the no-arg filter has always fallen back on its
 * {@code GlobalTracer}). A provider whose API jar is missing is skipped.
 */
public final class BindingLocator {
  private static final System.Logger LOG = System.getLogger("io.github.httptrace");
  private static final List<String> CONFIGURED_ORDER = List.of("opentelemetry", "brave", "opentracing");
  private static final List<String> GLOBAL_ORDER = List.of("opentracing", "opentelemetry", "brave");

  private BindingLocator() {}

  /**
   * The binding to use, or null when no binding artifact offers one (the caller then traces nothing, and says so).
   *
   * @param requested a provider's name, or null to choose by the rule above
   * @param attributes where the application may have put a tracer instance (ServletContext attributes)
   * @param loader the class loader that sees the binding artifacts
   */
  public static TracerBinding locate(String requested, Function<String, Object> attributes, ClassLoader loader) {
    return locate(requested, attributes, providers(loader));
  }

  static TracerBinding locate(String requested, Function<String, Object> attributes, List<BindingProvider> found) {
    if (requested != null) {
      String name = requested.trim().toLowerCase(Locale.ROOT);
      for (BindingProvider provider : found) {
        if (provider.name().equals(name)) {
          TracerBinding configured = Safe.get(name + ".configured", () -> provider.configured(attributes), null);
          return configured != null ? configured : Safe.get(name + ".global", provider::global, null);
        }
      }
      LOG.log(Level.WARNING, "HTTP Trace: no binding artifact named '" + requested + "' on the class path; found "
          + names(found) + ". Requests are not traced.");
      return null;
    }
    List<BindingProvider> byConfigured = sorted(found, CONFIGURED_ORDER);
    for (BindingProvider provider : byConfigured) {
      TracerBinding configured = Safe.get(provider.name() + ".configured", () -> provider.configured(attributes), null);
      if (configured != null) return configured;
    }
    for (BindingProvider provider : sorted(found, GLOBAL_ORDER)) {
      TracerBinding global = Safe.get(provider.name() + ".global", provider::global, null);
      if (global != null) return global;
    }
    return null;
  }

  /** The providers on {@code loader}'s class path; one that cannot be loaded (its API jar missing) is left out. */
  static List<BindingProvider> providers(ClassLoader loader) {
    List<BindingProvider> found = new ArrayList<>();
    Iterator<BindingProvider> it = ServiceLoader.load(BindingProvider.class, loader).iterator();
    // The iterator goes on past a provider that fails to load; the bound keeps a broken one from looping forever.
    for (int tries = 0; tries < 64; tries++) {
      try {
        if (!it.hasNext()) break;
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError unusable) {
        LOG.log(Level.DEBUG, "HTTP Trace: a binding provider cannot be used here", unusable);
      }
    }
    return found;
  }

  private static List<BindingProvider> sorted(List<BindingProvider> found, List<String> order) {
    List<BindingProvider> copy = new ArrayList<>(found);
    copy.sort(Comparator.comparingInt(p -> {
      int i = order.indexOf(p.name());
      return i < 0 ? order.size() : i;
    }));
    return copy;
  }

  private static List<String> names(List<BindingProvider> found) {
    List<String> names = new ArrayList<>();
    for (BindingProvider provider : found) names.add(provider.name());
    return names;
  }
}
