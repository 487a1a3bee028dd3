package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.WeaveReport.Entry;
import dev.weft.weaver.WeaveReport.Status;
import dev.weft.weaver.fixtures.Refused;
import dev.weft.weaver.fixtures.Unseen;
import dev.weft.weaver.fixtures.sync.AwaitInSynchronized;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the weaver does not weave: each refusal is in the report with its class, method, line
 * and reason, and the refused block still runs as before on the continuation engine; an await
 * inside synchronized is a build error; an await out of the weaver's sight fails at run time
 * with the fix in the message.
 */
class WhatTheWeaverRefusesTest {

  @Test
  void refusedBlocksAreReportedWithTheirReasonAndStillRun() throws Throwable {
    try (Woven w = Woven.pkg(Refused.class)) {
      List<Entry> refused = w.report.entries(Status.NOT_WOVEN).stream()
          .filter(e -> e.className().equals(Refused.class.getName())).toList();
      assertReason(refused, "lambda$callsAnAwaitingHelper$", "calls "
          + Refused.class.getName() + ".helper");
      assertReason(refused, "lambda$awaitingLambdaInside$", "makes a lambda");
      assertReason(refused, "lambda$asIterable$", "asIterable");
      assertReason(refused, "lambda$methodReference$weft", "method reference");
      for (Entry e : refused) {
        assertTrue(e.line() > 0 && e.sourceFile().equals("Refused.java"), e.toString());
      }
      assertEquals(Woven.callOriginal(Refused.class, "scenario"), w.call(Refused.class,
          "scenario"));
      // An await inside a constructor's arguments is woven: the constructor call becomes a
      // factory call, so no object under construction waits across the await.
      w.assertWoven(Refused.class, "constructorArgument");
    }
  }

  private static void assertReason(List<Entry> entries, String method, String reason) {
    assertTrue(entries.stream().anyMatch(e -> e.method().startsWith(method)
        && e.detail().contains(reason)), method + " refused for '" + reason + "' in " + entries);
  }

  @Test
  void anAwaitTheWeaverCannotSeeThrowsNamingTheFix() throws Throwable {
    try (Woven w = Woven.pkg(Unseen.class)) {
      w.assertWoven(Unseen.class, "scenario");
      String unwoven = (String) Woven.callOriginal(Unseen.class, "scenario");
      assertEquals("got 1\nran", unwoven);
      String woven = (String) w.call(Unseen.class, "scenario");
      assertTrue(woven.startsWith("await() was called from a method that the async block at "
          + Unseen.class.getName() + ".lambda$scenario$"), woven);
      assertTrue(woven.contains("move the await() into the lambda"), woven);
      assertTrue(woven.contains("<excludes>"), woven);
    }
  }

  @Test
  void anAwaitInsideSynchronizedIsABuildErrorWithItsLine() throws Throwable {
    try (Woven w = Woven.pkg(AwaitInSynchronized.class)) {
      assertTrue(w.report.hasErrors());
      Entry e = w.report.entries(Status.ERROR).get(0);
      assertEquals(1, w.report.entries(Status.ERROR).size(), w.report.text());
      assertEquals(AwaitInSynchronized.AWAIT_LINE, e.line(), e.toString());
      assertTrue(e.detail().contains("synchronized") && e.detail().contains("Mutex"), e.detail());
      w.assertWoven(AwaitInSynchronized.class, "fine");
    }
  }

  @Test
  void theCommandLineExitsWithOneOnABuildErrorAndPrintsIt() throws Exception {
    try (Woven w = Woven.pkg(AwaitInSynchronized.class)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(new String[] {w.dir.toString()}, new PrintStream(out, true, "UTF-8"),
          new PrintStream(err, true, "UTF-8"));
      assertEquals(1, code);
      String e = err.toString(StandardCharsets.UTF_8);
      assertTrue(e.contains("AwaitInSynchronized.java:" + AwaitInSynchronized.AWAIT_LINE), e);
    }
  }
}
