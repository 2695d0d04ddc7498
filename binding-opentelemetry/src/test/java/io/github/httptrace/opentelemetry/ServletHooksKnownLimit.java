package io.github.httptrace.opentelemetry;

import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, visibly, the two servlet cases that count calls of the suite's {@code ServerHooks}: the filter calls them
 * through a {@code ServletSpanDecorator}, whose span type is {@code io.opentracing.Span}, so on any other binding the
 * cast fails (logged, skipped) and no hook runs. docs/conformance-on-a-binding.md, "Known limit: the servlet hooks":
 * they pass once the servlet module has a binding-neutral decorator. Every other case of the suite runs.
 */
final class ServletHooksKnownLimit implements ExecutionCondition {
  private static final Set<String> HOOK_COUNTING_CASES = Set.of(
      "timeoutIsRecordedWhenItHappensAndTheFinalStatusAtCompletion",
      "aThrowingHookNeverChangesAResponseAndTheOtherHooksStillRun");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent() && HOOK_COUNTING_CASES.contains(context.getTestMethod().get().getName())) {
      return ConditionEvaluationResult.disabled("ServletSpanDecorator is OpenTracing's: the hooks cannot run on the "
          + "OpenTelemetry binding (docs/conformance-on-a-binding.md, known limit)");
    }
    return ConditionEvaluationResult.enabled("runs on every binding");
  }
}
