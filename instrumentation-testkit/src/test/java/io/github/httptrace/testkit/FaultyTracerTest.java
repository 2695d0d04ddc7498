package io.github.httptrace.testkit;

import static io.github.httptrace.testkit.TestThreads.onFreshThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer.SpanBuilder;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.StringTag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves that {@link FaultyTracer} throws {@link InjectedFailure} from the chosen {@link TracerMethod}s on every call
 * until healed, does nothing before throwing (but for the inject that fails after writing), and works normally
 * everywhere else, while recording every span it starts, how often finish was called on it, and the one wrapper it
 * hands out for it.
 */
class FaultyTracerTest {
  private static final StringTag BUILDER_TYPED_TAG = new StringTag("builder.typed");
  private static final StringTag SPAN_TYPED_TAG = new StringTag("span.typed");

  /** What a scenario runs; it may throw checked exceptions. */
  @FunctionalInterface
  private interface Scenario {
    void run(FaultyTracer tracer, MockTracer mock) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void chosenMethodThrowsOnEveryCall(TracerMethod method) throws Exception {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.failingIn(mock, method);
    assertSame(method, tracer.failing());
    assertEquals(Set.of(method), tracer.failingMethods());
    assertSame(mock, tracer.mock());

    // A switch expression, so a new TracerMethod without a scenario here does not compile.
    Scenario scenario = switch (method) {
      case BUILD_SPAN -> FaultyTracerTest::buildSpanFails;
      case START -> FaultyTracerTest::startFails;
      case INJECT -> FaultyTracerTest::injectFails;
      case EXTRACT -> FaultyTracerTest::extractFails;
      case ACTIVATE_SPAN -> FaultyTracerTest::activateFails;
      case SET_TAG -> FaultyTracerTest::setTagFails;
      case LOG -> FaultyTracerTest::logFails;
      case FINISH -> FaultyTracerTest::finishFails;
      case SCOPE_CLOSE -> (t, m) -> onFreshThread("scope-close-fails", () -> scopeCloseFails(t, m));
      case ACTIVE_SPAN -> FaultyTracerTest::activeSpanFails;
      case SPAN_CONTEXT -> FaultyTracerTest::spanContextFails;
      case INJECT_AFTER_WRITING -> FaultyTracerTest::injectAfterWritingFails;
      case SPAN_SET_TAG -> FaultyTracerTest::spanSetTagFails;
    };
    scenario.run(tracer, mock);
  }

  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void everyOtherMethodWorks(TracerMethod method) throws Exception {
    FaultyTracer tracer = FaultyTracer.failingIn(new MockTracer(), method);
    // On a thread of its own: when SCOPE_CLOSE fails, the scopes opened here can never be closed.
    onFreshThread("works-except-" + method, () -> exerciseEverythingExcept(tracer, method));
  }

  @Test
  void recordingTracerFailsNowhere() throws Exception {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    assertNull(tracer.failing());
    assertEquals(Set.of(), tracer.failingMethods());
    assertSame(mock, tracer.mock());
    onFreshThread("recording", () -> exerciseEverythingExcept(tracer, null));
  }

  @Test
  void severalMethodsFailAtOnceAndTheRestWork() {
    MockTracer mock = new MockTracer();
    Set<TracerMethod> methods = EnumSet.of(TracerMethod.LOG, TracerMethod.FINISH, TracerMethod.SPAN_CONTEXT);
    FaultyTracer tracer = FaultyTracer.failingIn(mock, methods);
    methods.add(TracerMethod.BUILD_SPAN);
    assertEquals(EnumSet.of(TracerMethod.LOG, TracerMethod.FINISH, TracerMethod.SPAN_CONTEXT),
        tracer.failingMethods(), "a copy: the caller's set can change after");
    assertThrows(UnsupportedOperationException.class, () -> tracer.failingMethods().add(TracerMethod.INJECT));
    IllegalStateException several = assertThrows(IllegalStateException.class, tracer::failing);
    assertTrue(several.getMessage().contains("LOG"), several.getMessage());

    Span span = tracer.buildSpan("op").withTag("builder", "b").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertFailsEveryTime(TracerMethod.LOG, () -> span.log("event"));
    assertFailsEveryTime(TracerMethod.FINISH, span::finish);
    assertFailsEveryTime(TracerMethod.SPAN_CONTEXT, span::context);
    assertSame(span, span.setTag("span", "s"));
    Map<String, String> carrier = new HashMap<>();
    tracer.inject(mockSpan.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));

    assertEquals(Map.of("builder", "b", "span", "s"), mockSpan.tags());
    assertEquals(List.of(), mockSpan.logEntries());
    assertEquals(expectedCarrier(mockSpan), carrier);
    assertEquals(List.of(), mock.finishedSpans());
  }

  @Test
  void anInjectFailingBothWaysFailsBeforeWriting() {
    FaultyTracer tracer = FaultyTracer.failingIn(new MockTracer(),
        EnumSet.of(TracerMethod.INJECT, TracerMethod.INJECT_AFTER_WRITING));
    Span span = tracer.buildSpan("op").start();
    Map<String, String> carrier = new HashMap<>();
    assertFailsEveryTime(TracerMethod.INJECT,
        () -> tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier)));
    assertEquals(Map.of(), carrier);
  }

  @Test
  void anEmptySetFailsNowhere() throws Exception {
    // Set.of() rather than an EnumSet: the factory must not need an EnumSet to tell the enum type.
    FaultyTracer tracer = FaultyTracer.failingIn(new MockTracer(), Set.of());
    assertNull(tracer.failing());
    assertEquals(Set.of(), tracer.failingMethods());
    onFreshThread("empty-set", () -> exerciseEverythingExcept(tracer, null));
  }

  @Test
  void aNullSetIsRefused() {
    assertThrows(NullPointerException.class,
        () -> FaultyTracer.failingIn(new MockTracer(), (Set<TracerMethod>) null));
  }

  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aHealedTracerWorksEverywhere(TracerMethod method) throws Exception {
    FaultyTracer tracer = FaultyTracer.failingIn(new MockTracer(), method);
    tracer.heal();
    assertNull(tracer.failing());
    assertEquals(Set.of(), tracer.failingMethods());
    // Used on another thread than the one that healed it, as instrumentation would.
    onFreshThread("healed-" + method, () -> exerciseEverythingExcept(tracer, null));
  }

  @Test
  void healingKeepsWhatHappenedBefore() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.failingIn(mock, EnumSet.of(TracerMethod.SPAN_SET_TAG, TracerMethod.FINISH));
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertFailsEveryTime(TracerMethod.SPAN_SET_TAG, () -> span.setTag("lost", "tag"));
    assertFailsEveryTime(TracerMethod.FINISH, span::finish);

    tracer.heal();
    span.setTag("kept", "tag");
    span.finish(77L);

    assertEquals(Map.of("kept", "tag"), mockSpan.tags());
    assertEquals(List.of(mockSpan), mock.finishedSpans());
    assertEquals(77L, mockSpan.finishMicros());
    assertEquals(List.of(mockSpan), tracer.startedSpans());
    assertEquals(3, tracer.finishCalls(mockSpan));
  }

  @Test
  void finishCallsCountsEveryCallOfEitherOverloadFailedOrNot() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.failingIn(mock, TracerMethod.FINISH);
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertEquals(0, tracer.finishCalls(mockSpan));

    assertThrows(InjectedFailure.class, span::finish);
    assertThrows(InjectedFailure.class, () -> span.finish(5L));
    assertEquals(2, tracer.finishCalls(mockSpan));
    tracer.heal();
    span.finish();
    assertEquals(3, tracer.finishCalls(mockSpan));
    // MockSpan refuses a second finish; the count still shows it was tried.
    assertThrows(IllegalStateException.class, () -> span.finish(9L));
    assertEquals(4, tracer.finishCalls(mockSpan));
    assertEquals(List.of(mockSpan), mock.finishedSpans());

    // Only calls through this tracer count: not a span it never handed out, not the MockSpan finished directly.
    MockSpan direct = mock.buildSpan("direct").start();
    direct.finish();
    assertEquals(0, tracer.finishCalls(direct));
    tracer.buildSpan("other").start();
    MockSpan mockOther = tracer.startedSpans().get(1);
    mockOther.finish();
    assertEquals(0, tracer.finishCalls(mockOther));
    assertEquals(List.of(mockSpan, direct, mockOther), mock.finishedSpans());
  }

  @Test
  void wrapperOfIsTheSpanHandedOut() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertSame(span, tracer.wrapperOf(mockSpan));
    Scope scope = tracer.activateSpan(span);
    assertSame(span, tracer.activeSpan());
    scope.close();

    // A span started on the mock gets its wrapper when first needed, the one activeSpan() returns too.
    MockSpan raw = mock.buildSpan("raw").start();
    Span rawWrapper = tracer.wrapperOf(raw);
    assertNotSame(raw, rawWrapper);
    assertEquals("Faulty" + raw, rawWrapper.toString());
    assertSame(rawWrapper, tracer.wrapperOf(raw));
    Scope rawScope = tracer.activateSpan(raw);
    assertSame(rawWrapper, tracer.activeSpan());
    rawScope.close();
    assertEquals(List.of(mockSpan), tracer.startedSpans());
    assertThrows(NullPointerException.class, () -> tracer.wrapperOf(null));
  }

  @Test
  void activeSpanIsTheWrapperThatStartReturned() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertNotSame(mockSpan, span);
    assertEquals("Faulty" + mockSpan, span.toString());

    Scope scope = tracer.activateSpan(span);
    assertSame(span, tracer.activeSpan());
    assertSame(span, tracer.activeSpan());
    assertSame(span, tracer.scopeManager().activeSpan());
    assertSame(mockSpan, mock.activeSpan());

    Scope nested = tracer.scopeManager().activate(span);
    assertSame(span, tracer.activeSpan());
    nested.close();
    assertSame(span, tracer.activeSpan());
    scope.close();
    assertNull(tracer.activeSpan());
    assertNull(mock.activeSpan());

    span.finish();
    assertEquals(List.of(mockSpan), mock.finishedSpans());
  }

  @Test
  void activeSpanWrapsSpansStartedOnTheMockOnceAndForAll() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    MockSpan raw = mock.buildSpan("raw").start();

    Scope scope = tracer.activateSpan(raw);
    Span wrapper = tracer.activeSpan();
    assertNotSame(raw, wrapper);
    assertEquals("Faulty" + raw, wrapper.toString());
    assertSame(raw.context(), wrapper.context());
    assertSame(wrapper, tracer.activeSpan());
    scope.close();
    assertNull(tracer.activeSpan());

    assertEquals(List.of(), tracer.startedSpans());
    wrapper.finish();
    assertEquals(List.of(raw), mock.finishedSpans());
  }

  @Test
  void asChildOfTheWrapperMakesTheMockSpanAChild() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    Span parent = tracer.buildSpan("parent").start();
    Span child = tracer.buildSpan("child").asChildOf(parent).start();
    Span childOfContext = tracer.buildSpan("child-of-context").asChildOf(parent.context()).start();
    Span root = tracer.buildSpan("root").start();

    List<MockSpan> started = tracer.startedSpans();
    assertEquals(4, started.size());
    MockSpan mockParent = started.get(0);
    MockSpan mockChild = started.get(1);
    MockSpan mockChildOfContext = started.get(2);
    MockSpan mockRoot = started.get(3);
    assertEquals(0L, mockParent.parentId());
    assertEquals(mockParent.context().spanId(), mockChild.parentId());
    assertEquals(mockParent.context().traceId(), mockChild.context().traceId());
    assertEquals(mockParent.context().spanId(), mockChildOfContext.parentId());
    assertEquals(mockParent.context().traceId(), mockChildOfContext.context().traceId());
    assertEquals(0L, mockRoot.parentId());

    root.finish();
    childOfContext.finish();
    child.finish();
    parent.finish();
    assertEquals(List.of(mockRoot, mockChildOfContext, mockChild, mockParent), mock.finishedSpans());
  }

  @Test
  void startedSpansListsEverySpanInStartOrderFinishedOrNot() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    assertEquals(List.of(), tracer.startedSpans());

    Span first = tracer.buildSpan("first").start();
    Span second = tracer.buildSpan("second").start();
    tracer.buildSpan("third").start();
    second.finish();
    first.finish();

    List<MockSpan> started = tracer.startedSpans();
    assertEquals(List.of("first", "second", "third"), operationNames(started));
    assertEquals(List.of(started.get(1), started.get(0)), mock.finishedSpans());
    assertThrows(UnsupportedOperationException.class, () -> started.add(started.get(0)));

    tracer.buildSpan("fourth").start();
    assertEquals(List.of("first", "second", "third"), operationNames(started));
    assertEquals(List.of("first", "second", "third", "fourth"), operationNames(tracer.startedSpans()));
  }

  @Test
  void spansStartedOnTheMockDirectlyAreNotRecorded() {
    MockTracer mock = new MockTracer();
    FaultyTracer tracer = FaultyTracer.recording(mock);
    mock.buildSpan("direct").start().finish();
    assertEquals(List.of(), tracer.startedSpans());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The chosen method fails.

  private static void buildSpanFails(FaultyTracer tracer, MockTracer mock) {
    assertFailsEveryTime(TracerMethod.BUILD_SPAN, () -> tracer.buildSpan("op"));
    assertEquals(List.of(), tracer.startedSpans());
    assertEquals(List.of(), mock.finishedSpans());
  }

  private static void startFails(FaultyTracer tracer, MockTracer mock) {
    SpanBuilder builder = tracer.buildSpan("op");
    assertFailsEveryTime(TracerMethod.START, builder::start);
    assertFailsEveryTime(TracerMethod.START, () -> tracer.buildSpan("other").start());
    assertEquals(List.of(), tracer.startedSpans());
    assertEquals(List.of(), mock.finishedSpans());
  }

  private static void injectFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    Map<String, String> carrier = new HashMap<>();
    assertFailsEveryTime(TracerMethod.INJECT,
        () -> tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier)));
    assertEquals(Map.of(), carrier);
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void extractFails(FaultyTracer tracer, MockTracer mock) {
    MockSpan remote = mock.buildSpan("remote").start();
    Map<String, String> carrier = new HashMap<>();
    mock.inject(remote.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));
    assertEquals(expectedCarrier(remote), carrier);
    assertFailsEveryTime(TracerMethod.EXTRACT,
        () -> tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier)));
    assertEquals(expectedCarrier(remote), carrier);
  }

  private static void activateFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    assertFailsEveryTime(TracerMethod.ACTIVATE_SPAN, () -> tracer.activateSpan(span));
    assertFailsEveryTime(TracerMethod.ACTIVATE_SPAN, () -> tracer.scopeManager().activate(span));
    assertNull(tracer.activeSpan());
    assertNull(tracer.scopeManager().activeSpan());
    assertNull(mock.activeSpan());
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void setTagFails(FaultyTracer tracer, MockTracer mock) {
    SpanBuilder builder = tracer.buildSpan("op");
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> builder.withTag("builder.string", "s"));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> builder.withTag("builder.boolean", true));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> builder.withTag("builder.number", 7));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> builder.withTag(BUILDER_TYPED_TAG, "t"));
    Span span = builder.start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertEquals(Map.of(), mockSpan.tags());

    assertFailsEveryTime(TracerMethod.SET_TAG, () -> span.setTag("span.string", "s"));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> span.setTag("span.boolean", true));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> span.setTag("span.number", 42));
    assertFailsEveryTime(TracerMethod.SET_TAG, () -> span.setTag(SPAN_TYPED_TAG, "t"));
    assertEquals(Map.of(), mockSpan.tags());

    span.finish();
    assertEquals(List.of(), mockSpan.generatedErrors());
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void logFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertFailsEveryTime(TracerMethod.LOG, () -> span.log(Map.of("event", "map")));
    assertFailsEveryTime(TracerMethod.LOG, () -> span.log(11L, Map.of("key", "value")));
    assertFailsEveryTime(TracerMethod.LOG, () -> span.log("plain"));
    assertFailsEveryTime(TracerMethod.LOG, () -> span.log(22L, "timed"));
    assertEquals(List.of(), mockSpan.logEntries());
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void finishFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    assertFailsEveryTime(TracerMethod.FINISH, span::finish);
    assertFailsEveryTime(TracerMethod.FINISH, () -> span.finish(1234L));
    assertEquals(List.of(), mock.finishedSpans());
    assertEquals(List.of(mockSpan), tracer.startedSpans());
    assertEquals(List.of(), mockSpan.generatedErrors());
    // The unfinished span is exactly what the kit's own assertion must catch.
    assertThrows(AssertionError.class, () -> SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer));
  }

  private static void scopeCloseFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);

    Scope scope = tracer.activateSpan(span);
    assertFailsEveryTime(TracerMethod.SCOPE_CLOSE, scope::close);
    assertSame(span, tracer.activeSpan());
    assertSame(mockSpan, mock.activeSpan());

    Scope viaManager = tracer.scopeManager().activate(span);
    assertFailsEveryTime(TracerMethod.SCOPE_CLOSE, viaManager::close);
    assertSame(span, tracer.activeSpan());
    assertSame(mockSpan, mock.activeSpan());

    span.finish();
    assertEquals(List.of(mockSpan), mock.finishedSpans());
    // The active span leaks with this thread, which ends right after.
  }

  private static void activeSpanFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    Scope scope = tracer.activateSpan(span);
    assertFailsEveryTime(TracerMethod.ACTIVE_SPAN, tracer::activeSpan);
    assertFailsEveryTime(TracerMethod.ACTIVE_SPAN, () -> tracer.scopeManager().activeSpan());
    // Only the reading fails: the activation itself took place.
    assertSame(mockSpan, mock.activeSpan());
    scope.close();
    assertNull(mock.activeSpan());
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void spanContextFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    assertFailsEveryTime(TracerMethod.SPAN_CONTEXT, span::context);
    // Every span handed out fails, the wrapper activeSpan() gives for a span of the mock too.
    MockSpan raw = mock.buildSpan("raw").start();
    assertFailsEveryTime(TracerMethod.SPAN_CONTEXT, () -> wrapperOf(tracer, raw).context());
    assertEquals(List.of(), mock.finishedSpans());
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void injectAfterWritingFails(FaultyTracer tracer, MockTracer mock) {
    Span span = tracer.buildSpan("op").start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    Map<String, String> carrier = new HashMap<>();
    assertFailsEveryTime(TracerMethod.INJECT_AFTER_WRITING,
        () -> tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier)));
    // Written in full before it failed: the carrier a caller must still not use.
    assertEquals(expectedCarrier(mockSpan), carrier);
    span.finish();
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  private static void spanSetTagFails(FaultyTracer tracer, MockTracer mock) {
    SpanBuilder builder = tracer.buildSpan("op");
    assertSame(builder, builder.withTag("builder.string", "s"));
    assertSame(builder, builder.withTag("builder.boolean", true));
    assertSame(builder, builder.withTag("builder.number", 7));
    assertSame(builder, builder.withTag(BUILDER_TYPED_TAG, "t"));
    Span span = builder.start();
    MockSpan mockSpan = tracer.startedSpans().get(0);
    Map<String, Object> builderTags = Map.of("builder.string", "s", "builder.boolean", true, "builder.number", 7,
        "builder.typed", "t");
    assertEquals(builderTags, mockSpan.tags());

    assertFailsEveryTime(TracerMethod.SPAN_SET_TAG, () -> span.setTag("span.string", "s"));
    assertFailsEveryTime(TracerMethod.SPAN_SET_TAG, () -> span.setTag("span.boolean", true));
    assertFailsEveryTime(TracerMethod.SPAN_SET_TAG, () -> span.setTag("span.number", 42));
    assertFailsEveryTime(TracerMethod.SPAN_SET_TAG, () -> span.setTag(SPAN_TYPED_TAG, "t"));
    assertEquals(builderTags, mockSpan.tags());

    span.finish();
    assertEquals(List.of(), mockSpan.generatedErrors());
    SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Everything but the chosen method works.

  /**
   * Uses every API of {@code tracer} except the one of {@code failing} (null: none) and checks each did its job.
   */
  private static void exerciseEverythingExcept(FaultyTracer tracer, TracerMethod failing) {
    MockTracer mock = tracer.mock();
    boolean canStart = failing != TracerMethod.BUILD_SPAN && failing != TracerMethod.START;
    List<MockSpan> expectedStarted = new ArrayList<>();
    List<MockSpan> expectedFinished = new ArrayList<>();
    Map<String, Object> expectedTags = new HashMap<>();

    // Build and start a span; when the tracer cannot, take a wrapper of a MockSpan from activeSpan().
    SpanBuilder builder = failing == TracerMethod.BUILD_SPAN ? null : tracer.buildSpan("op");
    if (builder != null && failing != TracerMethod.SET_TAG) {
      assertSame(builder, builder.withTag("builder.string", "s"));
      assertSame(builder, builder.withTag("builder.boolean", true));
      assertSame(builder, builder.withTag("builder.number", 7));
      assertSame(builder, builder.withTag(BUILDER_TYPED_TAG, "t"));
      if (canStart) {
        expectedTags.putAll(Map.of("builder.string", "s", "builder.boolean", true, "builder.number", 7,
            "builder.typed", "t"));
      }
    }
    Span span;
    MockSpan mockSpan;
    if (canStart) {
      span = builder.start();
      assertEquals(1, tracer.startedSpans().size());
      mockSpan = tracer.startedSpans().get(0);
      expectedStarted.add(mockSpan);
    } else {
      mockSpan = mock.buildSpan("op").start();
      span = wrapperOf(tracer, mockSpan);
    }
    assertEquals("op", mockSpan.operationName());
    assertEquals("Faulty" + mockSpan, span.toString());
    if (failing != TracerMethod.SPAN_CONTEXT) {
      assertSame(mockSpan.context(), span.context());
    }

    // Tags, every overload.
    if (failing != TracerMethod.SET_TAG && failing != TracerMethod.SPAN_SET_TAG) {
      assertSame(span, span.setTag("span.string", "v"));
      assertSame(span, span.setTag("span.boolean", false));
      assertSame(span, span.setTag("span.number", 42));
      assertSame(span, span.setTag(SPAN_TYPED_TAG, "typed"));
      expectedTags.putAll(Map.of("span.string", "v", "span.boolean", false, "span.number", 42,
          "span.typed", "typed"));
    }
    assertEquals(expectedTags, mockSpan.tags());

    // Logs, every overload.
    if (failing != TracerMethod.LOG) {
      assertSame(span, span.log(Map.of("event", "map")));
      assertSame(span, span.log(11L, Map.of("key", "value")));
      assertSame(span, span.log("plain"));
      assertSame(span, span.log(22L, "timed"));
      List<MockSpan.LogEntry> logs = mockSpan.logEntries();
      assertEquals(4, logs.size());
      assertEquals(Map.of("event", "map"), logs.get(0).fields());
      assertEquals(11L, logs.get(1).timestampMicros());
      assertEquals(Map.of("key", "value"), logs.get(1).fields());
      assertEquals(Map.of("event", "plain"), logs.get(2).fields());
      assertEquals(22L, logs.get(3).timestampMicros());
      assertEquals(Map.of("event", "timed"), logs.get(3).fields());
    }

    // Baggage and operation name are never failed.
    assertSame(span, span.setBaggageItem("bag", "gage"));
    assertEquals("gage", span.getBaggageItem("bag"));
    assertSame(span, span.setOperationName("renamed"));
    assertEquals("renamed", mockSpan.operationName());

    // Inject.
    Map<String, String> carrier = new HashMap<>();
    if (failing != TracerMethod.INJECT && failing != TracerMethod.INJECT_AFTER_WRITING) {
      SpanContext context = failing == TracerMethod.SPAN_CONTEXT ? mockSpan.context() : span.context();
      tracer.inject(context, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));
    } else {
      mock.inject(mockSpan.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));
    }
    Map<String, String> expectedCarrier = new HashMap<>(expectedCarrier(mockSpan));
    expectedCarrier.put("baggage-bag", "gage");
    assertEquals(expectedCarrier, carrier);

    // Extract.
    if (failing != TracerMethod.EXTRACT) {
      SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));
      MockSpan.MockContext context = assertInstanceOf(MockSpan.MockContext.class, extracted);
      assertEquals(mockSpan.context().traceId(), context.traceId());
      assertEquals(mockSpan.context().spanId(), context.spanId());
      assertEquals("gage", context.getBaggageItem("bag"));
    }

    // Activate through the tracer and the scope manager; close when closing works; read back when reading works.
    boolean canRead = failing != TracerMethod.ACTIVE_SPAN;
    if (failing != TracerMethod.ACTIVATE_SPAN) {
      Scope scope = tracer.activateSpan(span);
      if (canRead) assertSame(span, tracer.activeSpan());
      assertSame(mockSpan, mock.activeSpan());
      if (canStart) {
        Span child = tracer.buildSpan("child").start();
        MockSpan mockChild = tracer.startedSpans().get(1);
        expectedStarted.add(mockChild);
        assertEquals("child", mockChild.operationName());
        assertEquals(mockSpan.context().spanId(), mockChild.parentId());
        assertEquals(mockSpan.context().traceId(), mockChild.context().traceId());
        if (failing != TracerMethod.FINISH) {
          child.finish();
          expectedFinished.add(mockChild);
        }
      }
      Scope nested = tracer.scopeManager().activate(span);
      if (canRead) assertSame(span, tracer.scopeManager().activeSpan());
      assertSame(mockSpan, mock.activeSpan());
      if (failing != TracerMethod.SCOPE_CLOSE) {
        nested.close();
        if (canRead) assertSame(span, tracer.activeSpan());
        assertSame(mockSpan, mock.activeSpan());
        scope.close();
        if (canRead) assertNull(tracer.activeSpan());
        assertNull(mock.activeSpan());
      }
    }

    // Finish, both overloads.
    if (failing != TracerMethod.FINISH) {
      span.finish(1234L);
      assertEquals(1234L, mockSpan.finishMicros());
      expectedFinished.add(mockSpan);

      Span second;
      MockSpan mockSecond;
      if (canStart) {
        second = tracer.buildSpan("second").ignoreActiveSpan().start();
        mockSecond = tracer.startedSpans().get(expectedStarted.size());
        expectedStarted.add(mockSecond);
      } else {
        mockSecond = mock.buildSpan("second").ignoreActiveSpan().start();
        second = wrapperOf(tracer, mockSecond);
      }
      assertEquals("second", mockSecond.operationName());
      second.finish();
      expectedFinished.add(mockSecond);
    }

    assertEquals(expectedStarted, tracer.startedSpans());
    assertEquals(expectedFinished, mock.finishedSpans());
    assertEquals(List.of(), mockSpan.generatedErrors());
    if (failing != TracerMethod.FINISH) {
      SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer);
    }
  }

  /** The FaultyTracer wrapper of {@code raw}, reached through activeSpan(); needs activation and close to work. */
  private static Span wrapperOf(FaultyTracer tracer, MockSpan raw) {
    Scope scope = tracer.activateSpan(raw);
    Span wrapper = tracer.activeSpan();
    scope.close();
    assertNull(tracer.activeSpan());
    assertNotSame(raw, wrapper);
    return wrapper;
  }

  private static void assertFailsEveryTime(TracerMethod method, Executable call) {
    for (int attempt = 1; attempt <= 2; attempt++) {
      InjectedFailure failure = assertThrows(InjectedFailure.class, call, "call #" + attempt);
      assertEquals("injected failure in " + method, failure.getMessage());
    }
  }

  private static Map<String, String> expectedCarrier(MockSpan span) {
    return Map.of("traceid", String.valueOf(span.context().traceId()),
        "spanid", String.valueOf(span.context().spanId()));
  }

  private static List<String> operationNames(List<MockSpan> spans) {
    return spans.stream().map(MockSpan::operationName).toList();
  }
}
