package dev.weft.test;

import dev.weft.runtime.AsyncRuntime;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit side of {@link WeftTest}: finds the options, keeps the test's {@link TestRuntime} in
 * the test's store, injects its runtime, and runs the test method (or each invocation of a
 * test template) through it. JUnit makes one instance per registration and may share it between
 * tests, so every test's state lives in that test's store, none in fields.
 */
final class WeftTestExtension implements InvocationInterceptor, ParameterResolver,
    AfterEachCallback {
  private static final Namespace NAMESPACE = Namespace.create(WeftTestExtension.class);

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    testRuntime(context).run(invocation);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    testRuntime(context).run(invocation);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == AsyncRuntime.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    boolean ofTheTestMethod = context.getTestMethod()
        .map(m -> m.equals(parameter.getDeclaringExecutable()))
        .orElse(false);
    if (!ofTheTestMethod) {
      throw new ParameterResolutionException("the @WeftTest runtime lives for the test method"
          + " only, so only the test method can take it as a parameter, not "
          + parameter.getDeclaringExecutable());
    }
    return testRuntime(context).runtime();
  }

  /**
   * Closes the runtime if the test method never ran it (a {@code @BeforeEach} failed after the
   * runtime was injected, say); else it is closed already.
   */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    TestRuntime t = context.getStore(NAMESPACE).remove(TestRuntime.class, TestRuntime.class);
    if (t != null) {
      Throwable failure = t.closeAndCheck(null);
      if (failure != null) {
        throw Rethrow.unchanged(failure);
      }
    }
  }

  /** The test's runtime, built at the first need (a parameter, or the test method's run). */
  private static TestRuntime testRuntime(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestRuntime.class,
        k -> TestRuntime.start(options(context)), TestRuntime.class);
  }

  /** The nearest {@link WeftTest}: on the method, else its class, else an enclosing class. */
  static WeftTest options(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent();
        c = c.get().getParent()) {
      Optional<WeftTest> found = c.get().getElement()
          .flatMap(e -> AnnotationSupport.findAnnotation(e, WeftTest.class));
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new ExtensionConfigurationException(
        "no @WeftTest on " + context.getDisplayName() + " nor on a class around it");
  }
}
