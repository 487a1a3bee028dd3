package dev.weft.runtime;

import java.util.List;

/** The JSON form of a {@link TaskDump} (written by hand: weft depends on the JDK alone). */
final class TaskDumpJson {
  private TaskDumpJson() {}

  static String of(TaskDump d) {
    StringBuilder b = new StringBuilder();
    b.append("{\"runtime\":").append(str(d.runtime()))
        .append(",\"flavour\":").append(str(d.flavour()))
        .append(",\"takenAt\":").append(str(d.takenAt().toString()))
        .append(",\"tasks\":[");
    List<TaskInfo> tasks = d.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      task(b, tasks.get(i));
    }
    return b.append("]}").toString();
  }

  private static void task(StringBuilder b, TaskInfo t) {
    b.append("{\"id\":").append(t.id())
        .append(",\"name\":").append(str(t.name().orElse(null)))
        .append(",\"state\":").append(str(t.state().name().toLowerCase(java.util.Locale.ROOT)))
        .append(",\"blocking\":").append(t.blocking())
        .append(",\"ageMillis\":").append(t.age().toMillis())
        .append(",\"polls\":").append(t.polls())
        .append(",\"worker\":")
        .append(t.worker().isPresent() ? String.valueOf(t.worker().getAsInt()) : "null")
        .append(",\"thread\":").append(str(t.thread().orElse(null)))
        .append(",\"awaiting\":").append(str(t.awaiting().orElse(null)))
        .append(",\"stacks\":[");
    List<List<StackTraceElement>> stacks = t.stacks();
    for (int i = 0; i < stacks.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      frames(b, stacks.get(i));
    }
    b.append("],\"spawnedAt\":");
    frames(b, t.spawnedAt());
    b.append(",\"problem\":").append(str(t.problem().orElse(null))).append('}');
  }

  private static void frames(StringBuilder b, List<StackTraceElement> frames) {
    b.append('[');
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(str(frames.get(i).toString()));
    }
    b.append(']');
  }

  /** A JSON string, or null. */
  static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
