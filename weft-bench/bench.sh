#!/usr/bin/env bash
# Runs every workload (W1-W7) against every implementation, one process each, and writes the
# table and the chart. Called by the root launcher (./weft bench), which sets JAVA_HOME and has
# built target/benchmarks.jar; running it by hand needs both.
#
#   weft-bench/bench.sh [--quick] [--only IMPL,IMPL] [--workload w1,w2,...]
#
#   --quick      one timed round after one warm-up, smaller counts (a first look)
#   --only       a subset of: weft-mt weft-ct vthreads cf kotlin tokio-mt tokio-ct
#   --workload   a subset of the workloads, passed to every process
#
# A full, complete run writes weft-bench/results/ (results.txt, RESULTS.md, chart.svg) and the
# table in README.md; a quick or partial one writes weft-bench/results/quick/ or .../partial/,
# so it never overwrites the figures of record. Each process's output goes to logs/ there.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA_HOME:?JAVA_HOME must name a JDK 21 or newer}/bin/java"
jar="$bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; build it with ./weft bench" >&2; exit 1; }

command="./weft bench${*:+ $*}"
all_impls="weft-mt weft-ct vthreads cf kotlin tokio-mt tokio-ct"
quick=false only="" workload=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only="${2:?--only needs a list}"; shift ;;
    --workload) workload="${2:?--workload needs a list}"; shift ;;
    *) echo "bench: unknown option $1 (use --quick, --only IMPL,..., --workload w1,...)" >&2; exit 2 ;;
  esac
  shift
done
impls="$all_impls"
[ -n "$only" ] && impls="${only//,/ }"
for i in $impls; do
  case " $all_impls " in *" $i "*) ;; *) echo "bench: unknown implementation $i (known: $all_impls)" >&2; exit 2 ;; esac
done

out="$bench/results"
if [ -n "$only" ] || [ -n "$workload" ]; then out="$bench/results/partial"
elif $quick; then out="$bench/results/quick"; fi
mkdir -p "$out/logs"
raw="$out/results.txt"
: >"$raw"

harness_args=()
$quick && harness_args+=(--quick)
# W4 (idle memory) reads RSS growth, so it runs in a process of its own without a pre-touched
# heap; every other workload runs with one (see common_flags).
requested="${workload:-w4,w1,w2,w3,w5,w7,w6}"
w4_part=""
rest_part=""
IFS=',' read -r -a _ws <<<"$requested"
for w in "${_ws[@]}"; do
  case "$w" in
    w4|W4) w4_part="w4" ;;
    *) rest_part="${rest_part:+$rest_part,}$w" ;;
  esac
done
# The same heap for every JVM, so that memory figures compare; then each one's own flags. A
# quick run's smaller counts fit in 1 GiB, and pre-touching 4 GiB costs about 12 s a process
# on this kind of machine (a page fault per 4 KiB page), which a first look cannot afford.
heap=$($quick && echo 1g || echo 4g)
w4_flags=(-Xms$heap -Xmx$heap)
# Pre-touched for the timed workloads: without AlwaysPreTouch, G1 growing its young generation
# into memory the process never touched makes every allocation a page fault for a while, and
# whichever workload runs then looks several times slower than it is.
common_flags=(-Xms$heap -Xmx$heap -XX:+AlwaysPreTouch)
jvm_flags() {
  case "$1" in
    weft-*) echo "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED" ;;
    vthreads) echo "-Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2" ;;
    kotlin) echo "-Dkotlinx.coroutines.scheduler.core.pool.size=2" ;;
    *) echo "" ;;
  esac
}
# A process that hangs must not hold the run up for ever: a generous per-process limit.
# (Each workload also has a watchdog in the harness: 30 s quick, 150 s full.)
limit=$($quick && echo 300 || echo 900)

meta() { echo "META|run|$1|$2" >>"$raw"; }
meta mode "$($quick && echo quick || echo full)"
meta rounds "$($quick && echo "1 timed round after 1 warm-up; W6 warmed up at full size" \
  || echo "5 timed rounds after 2 warm-ups; W6 2 rounds after a 1/10-size warm-up")"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
meta os "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), Linux $(uname -r)"
meta load "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average when the run started)"
meta jdk "$("$java" -version 2>&1 | sed -n 2p)"
meta command "$command"

started=$SECONDS
# run_one IMPL CMD...: runs one process, keeps its result lines, notes a failure and goes on.
run_one() {
  local impl="$1" t0=$SECONDS rc=0
  shift
  printf 'bench: %-9s ' "$impl" >&2
  timeout --kill-after=10 "$limit" "$@" >"$out/logs/$impl.out" 2>"$out/logs/$impl.log" || rc=$?
  grep -E '^(RESULT|SKIP|META|NOTE)\|' "$out/logs/$impl.out" >>"$raw" || true
  if [ "$rc" -eq 3 ]; then # the harness's watchdog stopped a hung workload and left a NOTE
    echo "stopped by its watchdog after $((SECONDS - t0)) s (see $out/logs/$impl.log)" >&2
  elif [ "$rc" -ne 0 ]; then
    echo "NOTE|$impl stopped with exit code $rc$([ "$rc" -eq 124 ] && echo " (over the ${limit} s limit)"); its figures may be missing (see logs/$impl.log)" >>"$raw"
    echo "failed (exit $rc, see $out/logs/$impl.log)" >&2
  else
    echo "$((SECONDS - t0)) s" >&2
  fi
}

for impl in $impls; do
  case "$impl" in tokio-*) continue ;; esac
  # shellcheck disable=SC2046 # the flags are words
  if [ -n "$w4_part" ]; then
    run_one "$impl-w4" "$java" "${w4_flags[@]}" $(jvm_flags "$impl") -cp "$jar" \
      dev.weft.bench.workloads.Workloads --impl "$impl" --workload w4 "${harness_args[@]}"
  fi
  if [ -n "$rest_part" ]; then
    run_one "$impl" "$java" "${common_flags[@]}" $(jvm_flags "$impl") -cp "$jar" \
      dev.weft.bench.workloads.Workloads --impl "$impl" --workload "$rest_part" "${harness_args[@]}"
  fi
done

tokio_impls=$(for i in $impls; do case "$i" in tokio-*) echo "$i" ;; esac; done)
if [ -n "$tokio_impls" ]; then
  cargo="$(command -v cargo || true)"
  [ -z "$cargo" ] && [ -x "$HOME/.cargo/bin/cargo" ] && cargo="$HOME/.cargo/bin/cargo"
  if [ -z "$cargo" ] || ! ls /usr/share/cargo/registry 2>/dev/null | grep -q '^tokio-1'; then
    echo "NOTE|tokio skipped: install cargo and librust-tokio-dev (apt-get install -y cargo librust-tokio-dev)" >>"$raw"
    echo "bench: tokio skipped: install cargo and librust-tokio-dev (apt-get install -y cargo librust-tokio-dev)" >&2
  elif ! (cd "$bench/tokio" && "$cargo" build --release --offline -q) >"$out/logs/tokio-build.log" 2>&1; then
    echo "NOTE|tokio skipped: its offline build against Debian's crates failed (see logs/tokio-build.log)" >>"$raw"
    echo "bench: tokio skipped: the build failed, see $out/logs/tokio-build.log" >&2
  else
    tokio_version=$(awk '/^name = "tokio"$/ {getline; gsub(/[^0-9.]/, ""); print}' "$bench/tokio/Cargo.lock")
    meta tokio "tokio $tokio_version (Debian's librust-tokio-dev, built offline)"
    meta rustc "$("${cargo%cargo}rustc" --version 2>/dev/null || rustc --version)"
    for impl in $tokio_impls; do
      run_one "$impl" "$bench/tokio/target/release/weft-tokio-bench" --rt "${impl#tokio-}" "${harness_args[@]}"
    done
  fi
fi

took=$((SECONDS - started))
meta duration "$((took / 60)) min $((took % 60)) s"
# A full, complete run is the one of record: it also updates the table in the README.
readme=()
[ "$out" = "$bench/results" ] && readme=("$bench/../README.md")
"$java" -cp "$jar" dev.weft.bench.report.Report "$raw" "$out" "${readme[@]}"
echo "bench: done in $((took / 60)) min $((took % 60)) s; see $out/RESULTS.md and $out/chart.svg" >&2
