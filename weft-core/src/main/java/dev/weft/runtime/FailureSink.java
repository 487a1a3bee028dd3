package dev.weft.runtime;

/**
 * Where a runtime reports a failure that no caller can receive: a waker that threw while a
 * driver woke it, a task's failure nobody awaits, a cleanup that threw during an abort. Each
 * report is logged through {@link System.Logger} and counted in {@link
 * RuntimeMetrics#unhandledFailures()}; reporting never throws, so the thread that reports (a
 * worker, a driver, a cleaner) goes on with its work.
 */
@FunctionalInterface
interface FailureSink {
  void report(String what, Throwable error);
}
