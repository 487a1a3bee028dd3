#!/usr/bin/env bash
# Runs every workload (W1-W9) against every implementation, one process each, and writes the
# table and the chart. Called by the root launcher (./weft bench), which sets JAVA_HOME and has
# built target/benchmarks.jar; running it by hand needs both.
#
#   weft-bench/bench.sh [--quick] [--only IMPL,IMPL] [--workload w1,w2,...] [--net] [--passes N]
#
#   --quick      one timed round after one warm-up, smaller counts (a first look)
#   --only       a subset of: weft-mt weft-ct weft-mt-woven weft-ct-woven vthreads cf kotlin
#                netty tokio-mt tokio-ct (the woven ones run the woven build's jar,
#                target/woven/benchmarks.jar, without the coroutine flag)
#   --workload   a subset of the workloads, passed to every process
#   --net        the network workloads alone (W8 echo, W9 many_connections: ./weft bench net)
#   --passes N   how many passes over the implementations (a full run: 2; a quick one: 1)
#
# Passes: a full run goes over the implementations twice, the second time in reverse order, and
# each process runs 3 timed rounds (W6 2, W8 3; W9 runs in the first pass only, 3 rounds in each
# of its 3 server processes), so that every figure has 6 rounds (W6 4, W9 9) from two or three
# processes started minutes apart. Run one after the other in a single pass, the
# implementations met the machine in different moods: in the run of
# record of 2026-12-07 01:28 the woven current-thread echo server made 11 % fewer round trips a
# second than its continuation column, while the same two servers alternated process by process
# (three turns each) put the woven one 7 % ahead. The drift of a shared machine over a run then
# weighs on every implementation alike, and a comparison of two columns no longer depends on
# which of them ran first.
#
# WEFT_BENCH_FLAGS in the environment adds JVM flags to weft's (unwoven) processes, e.g.
# WEFT_BENCH_FLAGS=-Dweft.io.selectors=shared to measure the one-shared-selector shape.
#
# A full, complete run writes weft-bench/results/ (results.txt, RESULTS.md, chart.svg) and the
# table in README.md; a quick or partial one writes weft-bench/results/quick/ or .../partial/,
# so it never overwrites the figures of record. Each process's output goes to logs/ there.
# A --net run writes net.txt and NET.md instead (weft-bench/results/ when it is full and
# complete), and leaves RESULTS.md, the chart and README.md alone.
#
# W8 and W9 run against the echo servers (weft mt and ct, plain and woven, Netty, virtual
# threads, tokio mt); their clients are tokio programs: echo_client of the shared tokio
# benchmarks (../shared/bench/tokio, found beside the repository or named by WEFT_SHARED_TOKIO)
# and weft-net-client (tokio/net-client).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA_HOME:?JAVA_HOME must name a JDK 21 or newer}/bin/java"
jar="$bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; build it with ./weft bench" >&2; exit 1; }

command="./weft bench${*:+ $*}"
command="${command/#.\/weft bench --net/./weft bench net}"
all_impls="weft-mt weft-ct weft-mt-woven weft-ct-woven vthreads cf kotlin netty tokio-mt tokio-ct"
woven_jar="$bench/target/woven/benchmarks.jar"
# The implementations with an echo server for W8/W9; netty has nothing else.
net_impls="weft-mt weft-ct weft-mt-woven weft-ct-woven netty vthreads tokio-mt"
quick=false only="" workload="" net=false passes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only="${2:?--only needs a list}"; shift ;;
    --workload) workload="${2:?--workload needs a list}"; shift ;;
    --net) net=true ;;
    --passes) passes="${2:?--passes needs a number}"; shift ;;
    *) echo "bench: unknown option $1 (use --quick, --only IMPL,..., --workload w1,..., --net, --passes N)" >&2; exit 2 ;;
  esac
  shift
done
impls="$all_impls"
[ -n "$only" ] && impls="${only//,/ }"
[ -z "$passes" ] && passes=$($quick && echo 1 || echo 2)
case "$passes" in ''|*[!0-9]*|0) echo "bench: --passes needs a whole number of 1 or more, not '$passes'" >&2; exit 2 ;; esac
# The timed rounds of each process: a full run's 6 spread over its passes (at least 1 each).
rounds_per_pass=$($quick && echo 1 || echo $(( (6 + passes - 1) / passes )))
for i in $impls; do
  case " $all_impls " in *" $i "*) ;; *) echo "bench: unknown implementation $i (known: $all_impls)" >&2; exit 2 ;; esac
done

if $net; then
  if [ -n "$workload" ]; then
    echo "bench: --net runs W8 and W9; use --workload w8 or w9 without it" >&2; exit 2
  fi
  workload="w8,w9"
fi
out="$bench/results"
if [ -n "$only" ] || { [ -n "$workload" ] && ! $net; }; then out="$bench/results/partial"
elif $quick; then out="$bench/results/quick"; fi
mkdir -p "$out/logs"
raw="$out/$($net && echo net.txt || echo results.txt)"
: >"$raw"

harness_args=()
$quick && harness_args+=(--quick)
$quick || harness_args+=(--rounds "$rounds_per_pass")
# W4 (idle memory) reads RSS growth, so it runs in a process of its own without a pre-touched
# heap; every other workload runs with one (see common_flags).
requested="${workload:-w4,w1,w2,w3,w5,w7,w6,w8,w9}"
w4_part=""
rest_part=""
net_part=""
IFS=',' read -r -a _ws <<<"$requested"
for w in "${_ws[@]}"; do
  case "$w" in
    w4|W4) w4_part="w4" ;;
    w8|W8|w9|W9) net_part="${net_part:+$net_part,}$(echo "$w" | tr W w)" ;;
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
    weft-*-woven) echo "" ;; # every block a state machine: no continuation, so no flag
    # WEFT_BENCH_FLAGS: extra flags for weft's processes, e.g. -Dweft.io.selectors=shared
    weft-*) echo "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED ${WEFT_BENCH_FLAGS:-}" ;;
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
# How the passes went, for the headline.
if [ "$passes" -eq 1 ]; then
  passes_text="one pass over the implementations"
else
  passes_text="$passes passes over the implementations, every other one in reverse order, a process of each a pass"
fi
if $quick; then
  rounds_text="1 timed round after 1 warm-up"
  $net || rounds_text="$rounds_text; W6 warmed up at full size"
  [ "$passes" -gt 1 ] && rounds_text="$rounds_text, in each of $passes_text"
elif $net; then
  rounds_text="$passes_text; W8 $rounds_per_pass timed rounds a process after 2 warm-ups; W9 in the first pass only, 3 timed rounds in each of 3 server processes after a memory round"
else
  w6_per_pass=$(( rounds_per_pass < 2 ? rounds_per_pass : 2 ))
  rounds_text="$passes_text; each process $rounds_per_pass timed rounds after at least 2 warm-ups and 1 s of warm-up (JVM peers; tokio 2 warm-ups), W6 $w6_per_pass after a 1/10-size warm-up, W8 $rounds_per_pass; $((rounds_per_pass * passes)) rounds in all, W6 $((w6_per_pass * passes)); W9 in the first pass only, 3 rounds in each of 3 server processes"
fi
meta rounds "$rounds_text"
meta passes "$passes"

meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
meta os "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), Linux $(uname -r)"
meta load "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average when the run started)"
load_now=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load_now" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
  echo "NOTE|the machine was busy when the run started (load average $load_now on $(nproc) cores):\
 other processes shared the cores, so the figures vary more than usual and compare less well with\
 other runs" >>"$raw"
fi
meta jdk "$("$java" -version 2>&1 | sed -n 2p)"
meta command "$command"

started=$SECONDS
skip_note_early() { echo "NOTE|$1" >>"$raw"; echo "bench: $1" >&2; }
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

# run_jvm_pass PASS IMPL...: the JVM implementations' workload processes (W1-W7), in that order.
run_jvm_pass() {
  local pass="$1" impl impl_jar
  shift
  for impl in "$@"; do
    case "$impl" in tokio-*|netty) continue ;; esac
    impl_jar="$jar"
    case "$impl" in *-woven) impl_jar="$woven_jar" ;; esac
    if [ ! -f "$impl_jar" ]; then
      [ "$pass" -eq 1 ] && skip_note_early "$impl skipped: $impl_jar is missing (./weft bench builds it)"
      continue
    fi
    # shellcheck disable=SC2046 # the flags are words
    if [ -n "$w4_part" ]; then
      run_one "$impl-w4$(pass_suffix "$pass")" "$java" "${w4_flags[@]}" $(jvm_flags "$impl") \
        -cp "$impl_jar" dev.weft.bench.workloads.Workloads --impl "$impl" --workload w4 \
        "${harness_args[@]}"
    fi
    if [ -n "$rest_part" ]; then
      run_one "$impl$(pass_suffix "$pass")" "$java" "${common_flags[@]}" $(jvm_flags "$impl") \
        -cp "$impl_jar" dev.weft.bench.workloads.Workloads --impl "$impl" --workload "$rest_part" \
        "${harness_args[@]}"
    fi
  done
}
# pass_suffix PASS: what tells a pass's logs apart (nothing in a run of one pass).
pass_suffix() { [ "$passes" -gt 1 ] && echo "-p$1" || true; }

tokio_impls="" tokio_ready=false net_ready=false
if [ -n "$w4_part$rest_part" ]; then
  tokio_impls=$(for i in $impls; do case "$i" in tokio-*) printf '%s ' "$i" ;; esac; done)
fi
net_servers=""
if [ -n "$net_part" ]; then
  net_servers=$(for i in $impls; do case " $net_impls " in *" $i "*) printf '%s ' "$i" ;; esac; done)
fi
cargo="$(command -v cargo || true)"
[ -z "$cargo" ] && [ -x "$HOME/.cargo/bin/cargo" ] && cargo="$HOME/.cargo/bin/cargo"
have_tokio_crates() { [ -n "$cargo" ] && ls /usr/share/cargo/registry 2>/dev/null | grep -q '^tokio-1'; }
# skip_note TEXT: the same note in the results and on the terminal.
skip_note() { echo "NOTE|$1" >>"$raw"; echo "bench: $1" >&2; }
tokio_meta_done=false
# tokio_meta LOCKFILE: the tokio and rustc versions, once.
tokio_meta() {
  $tokio_meta_done && return 0
  local v
  v=$(awk '/^name = "tokio"$/ {getline; gsub(/[^0-9.]/, ""); print}' "$1")
  meta tokio "tokio $v (Debian's librust-tokio-dev, built offline)"
  meta rustc "$("${cargo%cargo}rustc" --version 2>/dev/null || rustc --version)"
  tokio_meta_done=true
}

if [ -n "$tokio_impls" ]; then
  if ! have_tokio_crates; then
    skip_note "tokio skipped: install cargo and librust-tokio-dev (apt-get install -y cargo librust-tokio-dev)"
  elif ! (cd "$bench/tokio" && "$cargo" build --release --offline -q) >"$out/logs/tokio-build.log" 2>&1; then
    skip_note "tokio skipped: its offline build against Debian's crates failed (see logs/tokio-build.log)"
  else
    tokio_meta "$bench/tokio/Cargo.lock"
    # The workloads asked for, as the JVM processes get them (W8/W9 are not this binary's).
    tokio_workloads="${w4_part}${w4_part:+${rest_part:+,}}${rest_part}"
    tokio_ready=true
  fi
fi
# run_tokio_pass PASS IMPL...: tokio's workload processes, in that order.
run_tokio_pass() {
  local pass="$1" impl
  shift
  for impl in "$@"; do
    case " $tokio_impls " in *" $impl "*) ;; *) continue ;; esac
    run_one "$impl$(pass_suffix "$pass")" "$bench/tokio/target/release/weft-tokio-bench" \
      --rt "${impl#tokio-}" --workload "$tokio_workloads" "${harness_args[@]}"
  done
}

# W8/W9: every client and tokio's server are tokio programs, so without them nothing runs.
if [ -n "$net_servers" ]; then
  shared_tokio="${WEFT_SHARED_TOKIO:-}"
  if [ -z "$shared_tokio" ]; then
    for d in "$bench/../../shared/bench/tokio" "$bench/../../../shared/bench/tokio"; do
      [ -f "$d/src/bin/echo_client.rs" ] && { shared_tokio="$(cd "$d" && pwd)"; break; }
    done
  fi
  if ! have_tokio_crates; then
    skip_note "W8/W9 skipped: their clients are tokio programs; install cargo and librust-tokio-dev\
 (apt-get install -y cargo librust-tokio-dev)"
  elif [ -z "$shared_tokio" ] || [ ! -f "$shared_tokio/src/bin/echo_client.rs" ]; then
    skip_note "W8/W9 skipped: the shared tokio benchmarks (echo_client, echo_server) were not found\
 beside the repository; set WEFT_SHARED_TOKIO to their folder"
  elif ! { (cd "$bench/tokio/net-client" && "$cargo" build --release --offline -q) &&
      # The shared folder may be read-only: build into our own target folder, with its lock file.
      (cd "$shared_tokio" && "$cargo" build --release --offline --locked -q \
        --target-dir "$bench/tokio/target/shared-bench"); } >"$out/logs/net-build.log" 2>&1; then
    skip_note "W8/W9 skipped: the offline build of their tokio programs failed (see logs/net-build.log)"
  else
    tokio_meta "$bench/tokio/net-client/Cargo.lock"
    meta net-clients "W8: echo_client of the shared tokio benchmarks, unchanged (its p99.9 from\
 weft-net-client); W9: weft-net-client; both on tokio's multi-thread runtime with 2 workers, on\
 the same 2 cores as the server"
    # W9 holds 10,000 connections open: the client and the server each need that many
    # descriptors and some more. Raise the limit if it is lower (the hard one too: we may be root).
    want_fds=$((10000 + 1024))
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want_fds" ]; then
      if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$want_fds" ]; then
        ulimit -Hn "$want_fds" 2>/dev/null || true
      fi
      ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    fi
    meta open-files "ulimit -n $(ulimit -n) for the servers and clients"
    net_heap=$($quick && echo 512m || echo 1g)
    net_args=(--java "$java" --jar "$jar" --heap "$net_heap"
      --tokio-server "$bench/tokio/target/shared-bench/release/echo_server"
      --echo-client "$bench/tokio/target/shared-bench/release/echo_client"
      --net-client "$bench/tokio/net-client/target/release/weft-net-client" --logs "$out/logs")
    $quick && net_args+=(--quick)
    $quick || net_args+=(--echo-rounds "$rounds_per_pass")
    net_ready=true
  fi
fi
# run_net_pass PASS IMPL...: the echo servers' processes, in that order. W9 runs in the first
# pass only: its memory figures already come from three server processes.
run_net_pass() {
  local pass="$1" impl server_jar pass_workloads="$net_part" pass_logs="$out/logs"
  shift
  if [ "$pass" -gt 1 ]; then
    case ",$net_part," in *,w8,*) pass_workloads=w8 ;; *) return 0 ;; esac
  fi
  # The servers' and clients' own logs, a folder a pass so that a later pass keeps the earlier's.
  [ "$passes" -gt 1 ] && pass_logs="$out/logs/pass$pass"
  mkdir -p "$pass_logs"
  for impl in "$@"; do
    case " $net_servers " in *" $impl "*) ;; *) continue ;; esac
    # The server's class path: the woven servers run the woven build's jar; the harness itself
    # runs from the plain one (NetBench takes the first --jar and --logs it is given).
    server_jar="$jar"
    case "$impl" in *-woven) server_jar="$woven_jar" ;; esac
    run_one "$impl-net$(pass_suffix "$pass")" "$java" -Xmx256m -cp "$jar" \
      dev.weft.bench.net.NetBench --server "$impl" --jvm-flags "$(jvm_flags "$impl")" \
      --workload "$pass_workloads" --jar "$server_jar" --logs "$pass_logs" "${net_args[@]}"
  done
}

# The passes: the same processes again, every other pass in reverse order (see the top).
for pass in $(seq "$passes"); do
  order=$impls
  if [ $((pass % 2)) -eq 0 ]; then
    order=$(echo "$impls" | tr ' ' '\n' | tac | tr '\n' ' ')
  fi
  [ "$passes" -gt 1 ] && echo "bench: pass $pass of $passes" >&2
  # shellcheck disable=SC2086 # the order is a list of words
  run_jvm_pass "$pass" $order
  # shellcheck disable=SC2086
  $tokio_ready && run_tokio_pass "$pass" $order
  # shellcheck disable=SC2086
  $net_ready && run_net_pass "$pass" $order
done

took=$((SECONDS - started))
meta duration "$((took / 60)) min $((took % 60)) s"
if $net; then
  "$java" -cp "$jar" dev.weft.bench.report.Report --net "$raw" "$out"
  echo "bench: done in $((took / 60)) min $((took % 60)) s; see $out/NET.md" >&2
  exit 0
fi
# A full, complete run is the one of record: it also updates the table in the README.
readme=()
[ "$out" = "$bench/results" ] && readme=("$bench/../README.md")
"$java" -cp "$jar" dev.weft.bench.report.Report "$raw" "$out" "${readme[@]}"
echo "bench: done in $((took / 60)) min $((took % 60)) s; see $out/RESULTS.md and $out/chart.svg" >&2
