package io.github.httptrace.brave;

import brave.Span;
import brave.propagation.Propagation;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.github.httptrace.core.TracerBinding;

/** The HttpTracing's propagation over the core's header reader and writer, made once per binding. */
final class Propagators {
  private final TraceContext.Injector<TracerBinding.HeaderWriter> injector;
  private final TraceContext.Extractor<TracerBinding.HeaderReader> extractor;

  Propagators(Propagation<String> propagation) {
    this.injector = propagation.injector(new Setter());
    this.extractor = propagation.extractor(new Getter());
  }

  void inject(TraceContext context, TracerBinding.HeaderWriter headers) {
    injector.inject(context, headers);
  }

  TraceContextOrSamplingFlags extract(TracerBinding.HeaderReader headers) {
    return extractor.extract(headers);
  }

  /** Remote setters say their kind, so a propagation that writes client requests differently (B3) can. */
  private static final class Setter implements Propagation.RemoteSetter<TracerBinding.HeaderWriter> {
    @Override
    public Span.Kind spanKind() {
      return Span.Kind.CLIENT;
    }

    @Override
    public void put(TracerBinding.HeaderWriter headers, String name, String value) {
      headers.set(name, value);
    }

    @Override
    public String toString() {
      return "HeaderWriter::set";
    }
  }

  private static final class Getter implements Propagation.RemoteGetter<TracerBinding.HeaderReader> {
    @Override
    public Span.Kind spanKind() {
      return Span.Kind.SERVER;
    }

    @Override
    public String get(TracerBinding.HeaderReader headers, String name) {
      return headers.value(name);
    }

    @Override
    public String toString() {
      return "HeaderReader::value";
    }
  }
}
