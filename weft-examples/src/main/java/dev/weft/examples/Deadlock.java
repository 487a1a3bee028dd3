package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Future;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.runtime.TaskDump;
import dev.weft.runtime.TaskInfo;
import dev.weft.runtime.TaskState;
import dev.weft.sync.Barrier;
import dev.weft.sync.Mutex;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Two tasks deadlock on two {@link Mutex}es on purpose, and a task dump shows it: each task is
 * idle in {@code lock()}, the dump names the line it waits at and the mutex it waits for, and
 * each waits for the mutex the other holds. A thread dump would show a thread with nothing to
 * run and nothing else. Then both tasks are aborted (their guards are released as the blocks
 * unwind, and neither gets to eat) and the runtime closes cleanly.
 *
 * <p>The event-loop runtime keeps the story deterministic: its tasks run only inside
 * {@code blockOn}, so between two calls the dump is taken, and both aborts are made, while
 * nothing runs. (On a multi-thread runtime the dump is taken the same way, while the workers
 * run; an abort there may let the other diner eat before its own abort arrives.)
 */
final class Deadlock {
  private Deadlock() {}

  /** Takes {@code first}, waits until the other diner holds its own, then takes {@code second}. */
  static Future<Void> diner(String name, Mutex<String> first, Mutex<String> second,
      Barrier bothHoldOne) {
    return async(() -> {
      try (Mutex.Guard<String> a = first.lock().await()) {
        bothHoldOne.arriveAndWait().await(); // now neither can get its second mutex
        try (Mutex.Guard<String> b = second.lock().await()) {
          System.out.println(name + " ate with the " + a.get() + " and the " + b.get());
        }
      }
      return null;
    });
  }

  static String id(Object o) {
    return "Mutex@" + Integer.toHexString(System.identityHashCode(o));
  }

  static void run() {
    try (AsyncRuntime rt = AsyncRuntime.builder().currentThread().threadName("diners").build()) {
      Mutex<String> fork = new Mutex<>("fork");
      Mutex<String> knife = new Mutex<>("knife");
      Barrier bothHoldOne = new Barrier(2);
      JoinHandle<Void> alice = rt.spawn("alice", diner("alice", fork, knife, bothHoldOne));
      JoinHandle<Void> bob = rt.spawn("bob", diner("bob", knife, fork, bothHoldOne));
      System.out.println("the fork is " + id(fork) + ", the knife is " + id(knife));

      TaskDump dump = waitUntilBothWaitInLock(rt, alice, bob);
      System.out.println("neither finishes; the task dump shows why:");
      System.out.println();
      System.out.print(dump);
      System.out.println();
      System.out.println("alice waits for " + id(knife) + ", which bob holds; bob waits for "
          + id(fork) + ", which alice holds: a deadlock");

      alice.abort();
      bob.abort();
      for (JoinHandle<Void> h : List.of(alice, bob)) {
        try {
          rt.blockOn(h);
          System.out.println("task " + h.id() + " finished after all");
        } catch (CancellationException expected) {
          System.out.println("task " + h.id() + " was aborted");
        }
      }
    }
    System.out.println("the runtime closed cleanly");
  }

  /** Runs the tasks until both are idle inside their second {@code lock()}; the dump of then. */
  private static TaskDump waitUntilBothWaitInLock(AsyncRuntime rt, JoinHandle<?>... tasks) {
    for (;;) {
      rt.blockOn(Task.yieldNow()); // lets the tasks run a little
      TaskDump dump = rt.dump();
      long waiting = dump.tasks().stream()
          .filter(t -> t.state() == TaskState.IDLE)
          .filter(t -> t.awaiting().orElse("").contains("<- lock(Mutex@"))
          .map(TaskInfo::id)
          .filter(id -> List.of(tasks).stream().anyMatch(h -> h.id() == id))
          .count();
      if (waiting == tasks.length) {
        return dump;
      }
    }
  }

  public static void main(String[] args) {
    run();
  }
}
