package dev.weft.bench.net;

/**
 * A step of a network workload that did not work (a process that failed, fell silent or said
 * something unexpected): {@link NetBench} reports it as a note and goes on with the next step.
 */
final class Failure extends RuntimeException {
  Failure(String message) {
    super(message);
  }
}
