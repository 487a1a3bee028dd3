package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.internal.jfr.Jfr;
import dev.weft.test.ManualFuture;
import dev.weft.time.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft's Flight Recorder events, recorded in this JVM and read back: a task's spawn and its end
 * (with its outcome and poll count), a slow poll with its duration and the stack sampled while
 * it ran, a worker's sleep and its wake-up, a selector turn; and the settings file
 * {@code docs/weft.jfc} names every one of them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlightRecorderEventsTest {
  private static final List<String> EVENTS = List.of("dev.weft.TaskSpawned",
      "dev.weft.TaskFinished", "dev.weft.SlowPoll", "dev.weft.WorkerPark",
      "dev.weft.WorkerUnpark", "dev.weft.SelectorTurn");

  @TempDir
  Path dir;

  private List<RecordedEvent> record(Runnable work) throws Exception {
    assertTrue(Jfr.AVAILABLE, "jdk.jfr is in this JVM");
    Path file = dir.resolve("weft.jfr");
    try (Recording r = new Recording()) {
      for (String e : EVENTS) {
        r.enable(e).withThreshold(Duration.ZERO);
      }
      r.start();
      work.run();
      r.stop();
      r.dump(file);
    }
    return RecordingFile.readAllEvents(file);
  }

  private static List<RecordedEvent> named(List<RecordedEvent> all, String name,
      Predicate<RecordedEvent> which) {
    return all.stream().filter(e -> e.getEventType().getName().equals(name)).filter(which)
        .toList();
  }

  @Test
  void aTasksSpawnAndEndAreRecordedWithItsOutcome() throws Exception {
    String prefix = RuntimeFlavour.MULTI_THREAD_1.newPrefix();
    long[] ids = new long[4];
    List<RecordedEvent> events = record(() -> {
      try (AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_1.builder(prefix).build()) {
        JoinHandle<Integer> ok = rt.spawn("adder", async(() -> {
          Task.yieldNow().await();
          return 1 + 1;
        }));
        JoinHandle<Integer> failed = rt.spawn(Futures.failed(new IllegalStateException("no")));
        JoinHandle<Void> aborted = rt.spawn(new ManualFuture<Void>());
        JoinHandle<Integer> blocking = rt.spawnBlocking(() -> 3);
        assertEquals(2, rt.blockOn(ok));
        assertThrows(IllegalStateException.class, () -> rt.blockOn(failed));
        aborted.abort();
        assertThrows(CancellationException.class, () -> rt.blockOn(aborted));
        assertEquals(3, rt.blockOn(blocking));
        ids[0] = ok.id();
        ids[1] = failed.id();
        ids[2] = aborted.id();
        ids[3] = blocking.id();
      }
    });
    Map<Long, String> outcomes = Map.of(ids[0], "value", ids[1], "failure", ids[2], "cancelled",
        ids[3], "value");
    for (Map.Entry<Long, String> o : outcomes.entrySet()) {
      long id = o.getKey();
      List<RecordedEvent> spawned = named(events, "dev.weft.TaskSpawned",
          e -> e.getLong("taskId") == id);
      assertEquals(1, spawned.size(), "spawn of task " + id);
      assertEquals(prefix, spawned.get(0).getString("runtime"));
      assertEquals(id == ids[3], spawned.get(0).getBoolean("blocking"));
      List<RecordedEvent> finished = named(events, "dev.weft.TaskFinished",
          e -> e.getLong("taskId") == id);
      assertEquals(1, finished.size(), "end of task " + id);
      assertEquals(o.getValue(), finished.get(0).getString("outcome"), "task " + id);
    }
    RecordedEvent adder = named(events, "dev.weft.TaskFinished",
        e -> e.getLong("taskId") == ids[0]).get(0);
    assertEquals("adder", adder.getString("taskName"));
    assertEquals(2, adder.getLong("polls"), "a yield, then the value");
  }

  @Test
  void aSlowPollIsRecordedWithItsDurationAndTheStackSampledWhileItRan() throws Exception {
    String prefix = RuntimeFlavour.MULTI_THREAD_1.newPrefix();
    long[] id = new long[1];
    List<RecordedEvent> events = record(() -> {
      try (RuntimeTesting.QuietLog quiet = RuntimeTesting.quietRuntimeLog();
          AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_1.builder(prefix)
              .slowPollThreshold(Duration.ofMillis(20)).build()) {
        JoinHandle<Void> h = rt.spawn("sleeper", Futures.lazy(() -> {
          sleep(250);
          return null;
        }));
        id[0] = h.id();
        rt.blockOn(h);
        RuntimeTesting.eventually("the watchdog saw the poll end",
            () -> rt.metrics().slowPolls() == 1);
      }
    });
    List<RecordedEvent> slow = named(events, "dev.weft.SlowPoll",
        e -> e.getLong("taskId") == id[0]);
    assertEquals(1, slow.size(), events.toString());
    RecordedEvent e = slow.get(0);
    assertEquals("sleeper", e.getString("taskName"));
    assertEquals(prefix, e.getString("runtime"));
    assertTrue(e.getThread("pollingThread").getJavaName().startsWith(prefix + "-worker-"));
    assertTrue(e.getDuration().compareTo(Duration.ofMillis(200)) >= 0, e.getDuration().toString());
    assertTrue(e.getString("stack").contains("java.lang.Thread.sleep"), e.getString("stack"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aWorkersSleepAndItsWakeUpAreRecorded() throws Exception {
    String prefix = RuntimeFlavour.MULTI_THREAD_1.newPrefix();
    List<RecordedEvent> events = record(() -> {
      try (AsyncRuntime rt = RuntimeFlavour.MULTI_THREAD_1.builder(prefix).build()) {
        for (int i = 0; i < 3; i++) {
          sleep(20); // the worker falls asleep
          assertEquals(i, rt.blockOn(rt.spawn(Futures.ready(i)))); // and is woken
        }
      }
    });
    List<RecordedEvent> parks = named(events, "dev.weft.WorkerPark",
        e -> prefix.equals(e.getString("runtime")));
    assertFalse(parks.isEmpty(), "no park recorded");
    assertEquals(0, parks.get(0).getInt("worker"));
    assertTrue(parks.stream().anyMatch(e -> e.getDuration().toMillis() >= 10), parks.toString());
    assertFalse(named(events, "dev.weft.WorkerUnpark",
        e -> prefix.equals(e.getString("runtime"))).isEmpty(), "no wake-up recorded");
  }

  @Test
  void aSelectorTurnIsRecordedWhenEnabled() throws Exception {
    List<RecordedEvent> events = record(() -> {
      try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
        rt.blockOn(Time.sleep(Duration.ofMillis(30))); // the one thread waits in its selector
      }
    });
    List<RecordedEvent> turns = named(events, "dev.weft.SelectorTurn",
        e -> e.getDuration().toMillis() >= 20);
    assertFalse(turns.isEmpty(), "no selector turn waited for the timer");
    assertTrue(turns.get(0).getLong("timeout") > 0);
  }

  @Test
  void theSettingsFileNamesEveryEventAndParses() throws Exception {
    Path jfc = Path.of("../docs/weft.jfc");
    assertTrue(Files.exists(jfc), jfc.toAbsolutePath().toString());
    Configuration c = Configuration.create(jfc);
    Map<String, String> s = c.getSettings();
    for (String e : EVENTS) {
      assertTrue(s.containsKey(e + "#enabled"), e + " is not in weft.jfc");
    }
    assertEquals("10 ms", s.get("dev.weft.SlowPoll#threshold"));
    assertEquals("true", s.get("dev.weft.TaskSpawned#enabled"));
  }
}
