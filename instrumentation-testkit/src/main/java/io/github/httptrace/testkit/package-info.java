/**
 * Test support shared by the HTTP Trace modules: what it takes to prove the safety rules of the product
 * contract against real servers and clients.
 *
 * <ul>
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
