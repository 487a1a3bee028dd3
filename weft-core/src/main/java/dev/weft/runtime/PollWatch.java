package dev.weft.runtime;

import dev.weft.internal.Describe;
import dev.weft.internal.jfr.Jfr;
import java.time.Duration;
import java.util.List;

/**
 * Slow-poll and stuck-poll detection for one runtime, sampled by the {@link Watchdog}.
 *
 * <h2>How a poll is timed without a timestamp</h2>
 * Every {@code period} (a quarter of the slow-poll threshold, at least 1 ms) the watchdog reads
 * each {@link Poller}: inside a poll or not, its poll counter, the task it polls. Two readings
 * with the same counter and task, both inside a poll, are the same poll. So a poll seen at
 * samples {@code first} to {@code last} ran at least the time between them, and that lower bound
 * is what is compared with the thresholds, with one correction: each gap between two samples
 * counts for at most two periods. A longer gap means the watchdog itself did not run, and the
 * usual cause, a stop-the-world pause of the JVM (a garbage collection), stopped the poll as
 * well: charged with the pause, a poll of microseconds that a collection happened to cut in two
 * was reported as a slow poll of the pause's length, blaming a task for the collector (two such
 * reports in forty full collections of 70-90 ms, with polls of 1 ms and a threshold of
 * 10 ms). A poll is never reported slow unless it certainly was; one longer than the threshold
 * plus two periods (1.5 thresholds) always is while the watchdog runs on time. The duration
 * reported is the lower bound plus one period, the poll's expected length, right to within a
 * period.
 *
 * <h2>What is reported</h2>
 * <ol>
 *   <li>Once a poll has been seen running for half the slow-poll threshold, the polling thread's
 *       stack is taken (while the poll still runs) and kept if the same poll is still in
 *       progress after it.
 *   <li>A poll seen running for the stuck threshold (1 s by default) is reported while it runs,
 *       once, with the thread's stack of that moment, and counted ({@code stuckPolls}).
 *   <li>When a poll seen running for the slow-poll threshold ends, it is reported once, with its
 *       duration and the stack of rule 1, and counted ({@code slowPolls}). If that stack was
 *       loading or initialising classes, the report is at DEBUG, not WARNING: the first polls
 *       of a freshly started program do that (the first async block of a JVM alone initialises
 *       the JDK's virtual-thread machinery, tens of milliseconds), and it is no fault of the
 *       task.
 *   <li>A Flight Recorder {@code dev.weft.SlowPoll} event is begun when a poll is first seen and
 *       committed when it is seen over, if a recording wants it (its own threshold applies).
 * </ol>
 * Reports go to {@link System.Logger} {@code dev.weft.runtime} at WARNING. Everything here runs
 * on the watchdog thread; the pollers are never stopped or slowed down.
 */
final class PollWatch implements Watchdog.Watched {
  private static final System.Logger LOG = System.getLogger("dev.weft.runtime");
  private static final long MIN_PERIOD_NANOS = 1_000_000;

  private final String runtime;
  private final List<Poller> pollers;
  private final Scheduler.Shared shared;
  private final long slowNanos;  // 0: detection off (the watchdog only keeps the clock)
  private final long stuckNanos;
  private final long periodNanos;
  private final Open[] open;     // watchdog thread only: the poll each poller was last seen in
  private long lastSample;
  private volatile long nextSampleAt;

  /** A poll in progress, as the samples saw it. */
  private static final class Open {
    final long count;
    final RawTask<?> task;
    final Thread thread;
    long ran;                  // the lower bound: the gaps between its samples, each capped
    StackTraceElement[] stack; // rule 1
    long stackAt;              // when: the lower bound at that sample
    boolean stuckReported;
    Object jfrEvent;           // rule 4, or null

    Open(long count, RawTask<?> task, Thread thread) {
      this.count = count;
      this.task = task;
      this.thread = thread;
    }
  }

  /**
   * @param slow the slow-poll threshold, or null for detection off
   * @param stuck the stuck-poll threshold (ignored when {@code slow} is null)
   */
  PollWatch(String runtime, List<Poller> pollers, Scheduler.Shared shared, Duration slow,
      Duration stuck) {
    this.runtime = runtime;
    this.pollers = pollers;
    this.shared = shared;
    this.slowNanos = slow == null ? 0 : slow.toNanos();
    this.stuckNanos = stuck.toNanos();
    this.periodNanos = slow == null ? Long.MAX_VALUE / 4
        : Math.max(MIN_PERIOD_NANOS, slowNanos / 4);
    this.open = new Open[pollers.size()];
    long now = System.nanoTime();
    this.lastSample = now;
    this.nextSampleAt = slow == null ? Long.MAX_VALUE / 2 + now : now + periodNanos;
  }

  @Override
  public long nextSampleAt() {
    return nextSampleAt;
  }

  /** One sample of every poller; the watchdog thread only. */
  @Override
  public void sample(long now) {
    // What a poll seen at the last sample and now may be charged with (see the class comment).
    long credit = Math.max(0, Math.min(now - lastSample, 2 * periodNanos));
    for (int i = 0; i < open.length; i++) {
      sampleOne(i, pollers.get(i), credit);
    }
    lastSample = now;
    nextSampleAt = now + periodNanos;
  }

  private void sampleOne(int i, Poller p, long credit) {
    boolean in = p.inPoll();
    long count = p.pollCount();
    RawTask<?> task = p.pollingTask();
    Open o = open[i];
    if (o != null && (!in || count != o.count || task != o.task)) {
      open[i] = null;
      finish(o); // it ended since the last sample
      o = null;
    }
    if (!in) {
      return;
    }
    if (o == null) {
      Thread thread = p.pollingThread();
      if (thread != null) {
        o = new Open(count, task, thread);
        if (Jfr.on()) {
          o.jfrEvent = PollEvents.begin();
        }
        open[i] = o;
      }
      return;
    }
    o.ran += credit;
    if (o.stack == null && o.ran >= slowNanos / 2) {
      StackTraceElement[] frames = o.thread.getStackTrace(); // rule 1
      if (samePoll(p, o)) {
        o.stack = frames;
        o.stackAt = o.ran;
      }
    }
    if (!o.stuckReported && o.ran >= stuckNanos) { // rule 2
      o.stuckReported = true;
      StackTraceElement[] frames = o.thread.getStackTrace();
      if (samePoll(p, o)) {
        shared.stuckPolls.incrementAndGet();
        report(System.Logger.Level.WARNING, stuckMessage(o, frames));
      }
    }
  }

  private static boolean samePoll(Poller p, Open o) {
    return p.inPoll() && p.pollCount() == o.count && p.pollingTask() == o.task;
  }

  /** Rule 3 and 4 for a poll that ended between its last sample and this one. */
  private void finish(Open o) {
    long atLeast = o.ran;
    long duration = atLeast + periodNanos; // the expected length, given the sampling
    if (o.jfrEvent != null) {
      PollEvents.end(o.jfrEvent, runtime, o.task, o.thread, stackText(o.stack));
    }
    if (atLeast >= slowNanos) {
      shared.slowPolls.incrementAndGet();
      report(o.stack != null && loadingClasses(o.stack) ? System.Logger.Level.DEBUG
          : System.Logger.Level.WARNING, slowMessage(o, duration));
    }
  }

  /** The watchdog failed on this runtime (a stack walk threw): reported, counted, and on. */
  @Override
  public void samplingFailed(Throwable t) {
    shared.report("the watchdog failed while sampling runtime " + runtime
        + "; slow-poll reports may be missing", t);
  }

  /** Rule 3: the sampled stack was loading, linking or initialising classes. */
  static boolean loadingClasses(StackTraceElement[] frames) {
    for (StackTraceElement e : frames) {
      String c = e.getClassName();
      if (e.getMethodName().equals("<clinit>") || c.startsWith("jdk.internal.loader.")
          || c.equals("java.lang.ClassLoader") || c.equals("java.lang.invoke.MethodHandleNatives")
          || c.equals("java.lang.invoke.InnerClassLambdaMetafactory")) {
        return true;
      }
      if (c.equals(RawTask.class.getName())) {
        return false; // below the poll: the runtime's own frames
      }
    }
    return false;
  }

  private String slowMessage(Open o, long duration) {
    StringBuilder b = new StringBuilder("slow poll: ").append(what(o.task))
        .append(" held thread ").append(o.thread.getName()).append(" for about ")
        .append(Describe.duration(Duration.ofNanos(duration)))
        .append(" in one poll (runtime ").append(runtime).append(", slow-poll threshold ")
        .append(Describe.duration(Duration.ofNanos(slowNanos)))
        .append("); the tasks queued behind it waited meanwhile.");
    if (o.stack != null) {
      b.append(" Its stack ").append(Describe.duration(Duration.ofNanos(o.stackAt)))
          .append(" into the poll:");
      appendFrames(b, o.stack);
    }
    return b.toString();
  }

  private String stuckMessage(Open o, StackTraceElement[] frames) {
    StringBuilder b = new StringBuilder("stuck poll: ").append(what(o.task))
        .append(" has held thread ").append(o.thread.getName()).append(" for ")
        .append(Describe.duration(Duration.ofMillis(o.ran / 1_000_000)))
        .append(" in one poll and has not returned (runtime ").append(runtime)
        .append("); no other task runs on that thread until it does. Its stack now:");
    appendFrames(b, frames);
    return b.toString();
  }

  private static String what(RawTask<?> task) {
    if (task == null) {
      return "the blockOn future";
    }
    String name = task.name();
    return "task " + task.id() + (name != null ? " \"" + name + "\"" : "");
  }

  private static void appendFrames(StringBuilder b, StackTraceElement[] frames) {
    for (StackTraceElement e : TaskDumper.aboveRuntime(frames)) {
      b.append("\n    at ").append(e);
    }
  }

  static String stackText(StackTraceElement[] frames) {
    if (frames == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (StackTraceElement e : TaskDumper.aboveRuntime(frames)) {
      b.append(e).append('\n');
    }
    return b.toString();
  }

  private void report(System.Logger.Level level, String message) {
    try {
      LOG.log(level, message);
    } catch (Throwable logFailed) {
      // Counted already; the logger itself failed (a broken handler). The watchdog goes on.
    }
  }
}
