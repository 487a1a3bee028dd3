package dev.weft.future;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.runtime.AsyncRuntime;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Regression: a checked failure caught outside weft printed as
 * {@code dev.weft.internal.Failures$AwaitedCheckedException}, a class of a package the module
 * does not export, which the user can neither name in a {@code catch} nor look up.
 *
 * <ol>
 *   <li>an async block fails with a checked exception ({@code IOException});
 *   <li>{@code blockOn} (or {@code await()}, {@code Result.get()}, a {@code JoinHandle}) throws it
 *       wrapped, as the contract says, in a {@code CompletionException};
 *   <li>the wrapper was an internal subclass (the library needs to recognise the wrapper made by
 *       {@code await()} to unwrap it when it escapes an async block), so a log or a stack trace
 *       showed an internal class name.
 * </ol>
 *
 * <p>The wrapper is now {@link AwaitException}, public and documented in
 * {@code dev.weft.future}; the unwrapping across nested blocks works as before.
 */
class CheckedFailurePrintedInternalClassTest {

  private static final Set<String> PUBLIC_PACKAGES = Set.of("dev.weft.future", "dev.weft.stream",
      "dev.weft.sync", "dev.weft.time", "dev.weft.runtime");

  private static void assertPublicWrapperOf(Throwable cause, CompletionException e) {
    assertSame(cause, e.getCause());
    Class<?> c = e.getClass();
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      assertTrue(Modifier.isPublic(k.getModifiers()), k + " is not public");
    }
    assertTrue(c == CompletionException.class || PUBLIC_PACKAGES.contains(c.getPackageName()),
        "the wrapper's class is in an exported package: " + c.getName());
    assertFalse(e.toString().contains("internal"), "prints a public class name: " + e);
  }

  @Test
  void blockOnThrowsAPublicWrapperPrintedUnderAPublicName() {
    IOException io = new IOException("disk");
    CompletionException e = assertThrows(CompletionException.class,
        () -> Futures.blockOn(async(() -> {
          throw io;
        })));
    assertPublicWrapperOf(io, e);
    assertEquals("dev.weft.future.AwaitException: java.io.IOException: disk", e.toString());
  }

  @Test
  void awaitResultGetAndARuntimeThrowTheSamePublicWrapper() {
    IOException io = new IOException("disk");
    Future<Object> failed = Futures.failed(io);
    CompletionException atAwait = Futures.blockOn(async(() -> {
      try {
        failed.await();
        return null;
      } catch (CompletionException e) {
        return e;
      }
    }));
    assertPublicWrapperOf(io, atAwait);
    assertPublicWrapperOf(io, assertThrows(CompletionException.class,
        () -> Result.err(io).get()));
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      assertPublicWrapperOf(io, assertThrows(CompletionException.class,
          () -> rt.blockOn(Futures.failed(io))));
      assertPublicWrapperOf(io, assertThrows(CompletionException.class,
          () -> rt.blockOn(rt.spawn(Futures.failed(io)))));
    }
  }

  @Test
  void theWrapperMadeByAwaitIsStillUnwrappedWhenItEscapesABlock() {
    IOException io = new IOException("disk");
    Future<Object> inner = async(() -> {
      throw io;
    });
    Future<Object> outer = async(() -> inner.await()); // the await's wrapper escapes the body
    Result<Object> r = Futures.blockOn(outer.result());
    assertSame(io, ((Result.Err<Object>) r).error());
  }

  @Test
  void aCompletionExceptionTheBodyMadeItselfIsStillNotUnwrapped() {
    CompletionException own = new CompletionException(new IOException("mine"));
    Result<Object> r = Futures.blockOn(Async.<Object>async(() -> {
      throw own;
    }).result());
    assertSame(own, ((Result.Err<Object>) r).error());
  }
}
