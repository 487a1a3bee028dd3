package dev.weft.runtime;

import dev.weft.internal.Describe;
import java.util.List;

/** The readable form of a {@link TaskDump}: what {@code toString()} and the MXBean show. */
final class TaskDumpText {
  private TaskDumpText() {}

  static String of(TaskDump d) {
    StringBuilder b = new StringBuilder();
    int n = d.tasks().size();
    b.append("task dump of runtime ").append(d.runtime()).append(" (").append(d.flavour())
        .append(") at ").append(d.takenAt()).append(": ").append(n)
        .append(n == 1 ? " task" : " tasks").append('\n');
    for (TaskInfo t : d.tasks()) {
      b.append('\n');
      appendTask(b, t);
    }
    return b.toString();
  }

  /** One task: a head line, then what it awaits, its stacks and its spawn site, indented. */
  static void appendTask(StringBuilder b, TaskInfo t) {
    b.append(t.blocking() ? "blocking task " : "task ").append(t.id());
    t.name().ifPresent(name -> b.append(" \"").append(name).append('"'));
    b.append(' ').append(t.state().name().toLowerCase(java.util.Locale.ROOT))
        .append(", age ").append(Describe.duration(t.age()))
        .append(", ").append(t.polls()).append(t.polls() == 1 ? " poll" : " polls");
    if (t.thread().isPresent()) {
      b.append(", on thread ").append(t.thread().get());
    } else if (t.worker().isPresent()) {
      b.append(", pinned to worker ").append(t.worker().getAsInt());
    }
    b.append('\n');
    t.awaiting().ifPresent(a -> b.append("  awaiting: ").append(a).append('\n'));
    List<List<StackTraceElement>> stacks = t.stacks();
    for (int i = 0; i < stacks.size(); i++) {
      if (stacks.size() > 1) {
        b.append("  stack ").append(i + 1).append(" of ").append(stacks.size()).append(":\n");
      }
      appendFrames(b, stacks.get(i));
    }
    if (!t.spawnedAt().isEmpty()) {
      b.append("  spawned at:\n");
      appendFrames(b, t.spawnedAt());
    }
    t.problem().ifPresent(p -> b.append("  (").append(p).append(")\n"));
  }

  private static void appendFrames(StringBuilder b, List<StackTraceElement> frames) {
    for (StackTraceElement e : frames) {
      b.append("    at ").append(e).append('\n');
    }
  }
}
