/**
 * The whole-workload harness: W1-W7 (defined in weft-bench/README.md) written for weft (both
 * runtimes) and for
 * each JVM peer the way a competent user of that peer would write them, run one implementation
 * per JVM, each workload warmed up and then timed over several rounds. Output lines have the
 * tokio reference's form, {@code RESULT|impl|workload|metric|unit|v1,v2,...}, so one report
 * reads them all ({@link dev.weft.bench.report.Report}).
 *
 * <p>Run it through {@code ./weft bench}; one implementation by hand:
 * {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.workloads.Workloads --impl weft-mt --workload all}.
 */
package dev.weft.bench.workloads;
