package cn.railway.tempid.rules.camunda;

import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import camundajar.impl.scala.util.Right;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * Camunda's Scala FEEL engine, except that each expression and each input entry is parsed once, not
 * at every evaluation. Camunda's own {@code ScalaFeelEngine} hands the expression text to {@code
 * FeelEngine.evalExpression} / {@code evalUnaryTests}, which parse it every time: in a profile of
 * the journeys, parsing was about a tenth of the service's CPU (docs/performance.md).
 *
 * <p>The evaluation itself is the engine's: the same parser, the same value mappers and function
 * provider (built by {@link ScalaFeelEngine}), the same variable contexts ({@code
 * inputVariableName} for the input of a unary test, then the decision's variables) and the same
 * errors. A parse result, failure included, is a function of the text alone, so it is kept; the
 * texts are those of the deployed tables, and the cache starts over if it ever holds {@link
 * #MAX_EXPRESSIONS}.
 */
public final class ParsedOnceFeelEngine extends ScalaFeelEngine {
  static final int MAX_EXPRESSIONS = 4096;

  private final Map<String, Either<Failure, ParsedExpression>> expressions =
      new ConcurrentHashMap<>();
  private final Map<String, Either<Failure, ParsedExpression>> unaryTests =
      new ConcurrentHashMap<>();

  ParsedOnceFeelEngine() {
    super(List.of());
  }

  /**
   * The factory for {@code DefaultDmnEngineConfiguration.feelEngineFactory}: one engine, shared by
   * the tables' evaluations (and by the analysts' test cases, which run on what production runs).
   */
  public static FeelEngineFactory factory() {
    ParsedOnceFeelEngine engine = new ParsedOnceFeelEngine();
    return () -> engine;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
    Context context =
        new CustomContext() {
          @Override
          public VariableProvider variableProvider() {
            return new ContextVariableWrapper(variables);
          }
        };
    return (T) valueOf(evaluate(expressions, expression, feelEngine::parseExpression, context));
  }

  @Override
  public boolean evaluateSimpleUnaryTests(
      String expression, String inputVariable, VariableContext variables) {
    VariableProvider input =
        new VariableProvider.StaticVariableProvider(
            new camundajar.impl.scala.collection.immutable.Map.Map1<String, Object>(
                INPUT_VARIABLE_NAME, inputVariable));
    ContextVariableWrapper decisionVariables = new ContextVariableWrapper(variables);
    Context context =
        new CustomContext() {
          @Override
          public VariableProvider variableProvider() {
            return new VariableProvider.CompositeVariableProvider(
                toScalaList(input, decisionVariables));
          }
        };
    return BoxesRunTime.unboxToBoolean(
        valueOf(evaluate(unaryTests, expression, feelEngine::parseUnaryTests, context)));
  }

  /** Number of texts parsed and kept (expressions and unary tests), for tests. */
  int parsedTexts() {
    return expressions.size() + unaryTests.size();
  }

  private Either<Failure, Object> evaluate(
      Map<String, Either<Failure, ParsedExpression>> cache,
      String text,
      Function<String, Either<Failure, ParsedExpression>> parse,
      Context context) {
    if (cache.size() >= MAX_EXPRESSIONS && !cache.containsKey(text)) {
      cache.clear();
    }
    Either<Failure, ParsedExpression> parsed = cache.computeIfAbsent(text, parse);
    if (parsed instanceof Right<Failure, ParsedExpression> right) {
      return feelEngine.eval(right.value(), context);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Either<Failure, Object> failure = (Either) parsed;
    return failure;
  }

  /** The value, or the engine's own exception with the FEEL engine's message. */
  private static Object valueOf(Either<Failure, Object> result) {
    if (result instanceof Right<Failure, Object> right) {
      return right.value();
    }
    Failure failure = ((Left<Failure, Object>) result).value();
    throw LOGGER.evaluationException(failure.message());
  }
}
