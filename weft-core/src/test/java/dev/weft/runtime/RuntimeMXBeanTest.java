package dev.weft.runtime;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.test.ManualFuture;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runtime's MXBean, as jconsole or any JMX client sees it: registered right after the build
 * (by the watchdog thread) under {@code dev.weft:type=AsyncRuntime,name=PREFIX}, its metrics as read-only attributes, the task
 * dump as operations, unregistered on close; a second runtime with the same prefix gets a
 * suffix; a prefix with JMX's special characters is quoted; it can be turned off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeMXBeanTest {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private static ObjectName name(String prefix) throws Exception {
    return new ObjectName("dev.weft:type=AsyncRuntime,name=" + prefix);
  }

  /** The watchdog registers a runtime's bean within milliseconds of its build. */
  private static void awaitRegistered(ObjectName on) {
    RuntimeTesting.eventually(on + " is registered", () -> SERVER.isRegistered(on));
  }

  @ParameterizedTest
  @EnumSource
  void theMetricsAndTheDumpAreThereWhileTheRuntimeIsOpen(RuntimeFlavour flavour)
      throws Exception {
    String prefix = flavour.newPrefix();
    ObjectName on = name(prefix);
    try (AsyncRuntime rt = flavour.builder(prefix).build()) {
      awaitRegistered(on);
      JoinHandle<Void> idle = rt.spawn("waiter", async(() -> new ManualFuture<Void>().await()));
      assertEquals(5, rt.blockOn(rt.spawn(Futures.ready(5))));
      assertEquals(flavour.workers, SERVER.getAttribute(on, "Workers"));
      assertEquals(2L, SERVER.getAttribute(on, "SpawnedTasks"));
      // a cold JVM's first polls may be slow (class loading): not asserted to be 0
      assertTrue(SERVER.getAttribute(on, "SlowPolls") instanceof Long);
      assertEquals(0L, SERVER.getAttribute(on, "UnhandledFailures"));
      MBeanInfo info = SERVER.getMBeanInfo(on);
      Set<String> attributes = Arrays.stream(info.getAttributes())
          .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
      assertEquals(Set.of("Workers", "AliveTasks", "SpawnedTasks", "Polls", "Steals",
          "InjectionQueueDepth", "BlockingThreads", "UnhandledFailures", "SlowPolls",
          "StuckPolls"), attributes);
      assertTrue(Arrays.stream(info.getAttributes()).noneMatch(MBeanAttributeInfo::isWritable));
      assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
      String text = (String) SERVER.invoke(on, "dumpTasks", new Object[0], new String[0]);
      assertTrue(text.startsWith("task dump of runtime " + prefix + " ("), text);
      assertTrue(text.contains("task " + idle.id() + " \"waiter\""), text);
      String json = (String) SERVER.invoke(on, "dumpTasksJson", new Object[0], new String[0]);
      assertTrue(json.contains("\"name\":\"waiter\""), json);
      MiniJson.parse(json);
      idle.abort();
    }
    assertFalse(SERVER.isRegistered(on), "still registered after close");
  }

  @Test
  void aSecondRuntimeWithTheSamePrefixGetsASuffix() throws Exception {
    String prefix = RuntimeFlavour.CURRENT_THREAD.newPrefix();
    try (AsyncRuntime a = AsyncRuntime.builder().threadName(prefix).build();
        AsyncRuntime b = AsyncRuntime.builder().threadName(prefix).build()) {
      awaitRegistered(name(prefix));
      awaitRegistered(name(prefix + "#2"));
      a.spawn(Futures.ready(1));
      assertEquals(1L, SERVER.getAttribute(name(prefix), "SpawnedTasks"));
      assertEquals(0L, SERVER.getAttribute(name(prefix + "#2"), "SpawnedTasks"));
    }
    assertFalse(SERVER.isRegistered(name(prefix)));
    assertFalse(SERVER.isRegistered(name(prefix + "#2")));
  }

  @Test
  void aPrefixWithJmxsSpecialCharactersIsQuoted() throws Exception {
    String prefix = "odd,name=with:colons*" + System.nanoTime();
    try (AsyncRuntime rt = AsyncRuntime.builder().threadName(prefix).build()) {
      ObjectName on = RuntimeMBean.objectName(prefix);
      awaitRegistered(on);
      assertEquals(prefix, ObjectName.unquote(on.getKeyProperty("name")));
      assertEquals(1, SERVER.getAttribute(on, "Workers"));
    }
  }

  @Test
  void aRuntimeClosedBeforeTheWatchdogRegisteredItsBeanIsNeverRegistered() throws Exception {
    for (int i = 0; i < 20; i++) {
      String prefix = RuntimeFlavour.CURRENT_THREAD.newPrefix();
      AsyncRuntime.builder().threadName(prefix).build().close();
      ObjectName marker = name(RuntimeFlavour.CURRENT_THREAD.newPrefix());
      try (AsyncRuntime later = AsyncRuntime.builder().threadName(marker.getKeyProperty("name"))
          .build()) {
        awaitRegistered(marker); // the watchdog has run every chore submitted before this one
        assertFalse(SERVER.isRegistered(name(prefix)), prefix + " was registered after close");
      }
    }
  }

  @Test
  void registrationCanBeTurnedOff() throws Exception {
    String prefix = RuntimeFlavour.CURRENT_THREAD.newPrefix();
    ObjectName marker = name(RuntimeFlavour.CURRENT_THREAD.newPrefix());
    try (AsyncRuntime rt = AsyncRuntime.builder().threadName(prefix).registerMXBean(false)
            .build();
        AsyncRuntime later = AsyncRuntime.builder().threadName(marker.getKeyProperty("name"))
            .build()) {
      awaitRegistered(marker);
      assertFalse(SERVER.isRegistered(name(prefix)));
      assertEquals(1, rt.blockOn(Futures.ready(1)));
    }
  }
}
