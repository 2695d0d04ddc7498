/**
 * Test support shared by the HTTP Trace modules: what it takes to prove the safety rules of the product
 * contract against real servers and clients.
 *
 * <ul>
 *   <li>{@link io.github.httptrace.testkit.TestTracer} and {@link io.github.httptrace.testkit.TestSpan}: one tracer
 *       API as the conformance suites drive it, and its finished spans in the suites' (OpenTracing's) vocabulary;
 *       {@link io.github.httptrace.testkit.OpenTracingTestTracer}, over MockTracer, is the default.
 *   <li>{@link io.github.httptrace.testkit.FaultyBinding}: any binding failing in a chosen {@link
 *       io.github.httptrace.testkit.BindingMethod}, the safety cases' broken tracer for every binding.
 *   <li>{@link io.github.httptrace.testkit.FaultyTracer}: a MockTracer wrapper that fails in a chosen
 *       {@link io.github.httptrace.testkit.TracerMethod} (or several), on every call until healed, while the rest
 *       work; it also remembers every span it started and how often finish was called on it.
 *   <li>{@link io.github.httptrace.testkit.SpanAssertions}: every started span finished exactly once.
 *   <li>{@link io.github.httptrace.testkit.ActiveSpanProbe} and
 *       {@link io.github.httptrace.testkit.ActiveSpanProbeFilter}: what span is active on the worker threads
 *       themselves, at entry and exit.
 *   <li>{@link io.github.httptrace.testkit.SwitchableTracer}: registered in GlobalTracer once per JVM,
 *       retargeted per test.
 * </ul>
 */
package io.github.httptrace.testkit;
