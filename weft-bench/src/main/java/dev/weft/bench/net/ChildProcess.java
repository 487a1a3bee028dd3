package dev.weft.bench.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness talks to by lines: its stdout is read line by line with a time limit
 * (every line is also copied to its log), a line can be sent to its stdin, and its stderr goes
 * to the log. Closing it ends the process if it is still running.
 */
final class ChildProcess implements AutoCloseable {
  /** Queued after stdout's last line; compared by identity, so no line can be taken for it. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String END = new String("end of output");

  private final String name;
  private final Process process;
  private final Path log;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Writer stdin;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}; its stderr and a copy of its stdout go to {@code log}. */
  static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Process p = new ProcessBuilder(command)
        .redirectError(Redirect.appendTo(log.toFile()))
        .start();
    return new ChildProcess(name, p, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /**
   * The next line of stdout, or null once stdout has ended.
   *
   * @throws Failure when no line came within {@code limit}
   */
  String next(Duration limit) throws InterruptedException {
    String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new Failure(name + " said nothing for " + limit.toSeconds() + " s");
    }
    if (line == END) {
      lines.add(END); // stays ended for the next call
      return null;
    }
    return line;
  }

  /** Sends one line to the process's stdin. */
  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /**
   * Waits for the process to end by itself.
   *
   * @return its exit code
   * @throws Failure when it is still running after {@code limit}
   */
  int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new Failure(name + " was still running after " + limit.toSeconds() + " s");
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Ends stdin (a server's signal to stop), then ends the process if it has not stopped. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // The process has already gone and its pipe with it; nothing is left to tell it.
      appendToLog("(stdin could not be closed: " + e + ")");
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout() {
    try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line; (line = out.readLine()) != null; ) {
        appendToLog(line);
        lines.add(line);
      }
    } catch (IOException e) {
      appendToLog("(reading stdout failed: " + e + ")");
    } finally {
      lines.add(END);
    }
  }

  private synchronized void appendToLog(String line) {
    try {
      Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log, e);
    }
  }
}
