#!/usr/bin/env bash
# Runs units of Redis 7.0's own TCL test suite against a server, and counts per unit.
#   weft-redis/redis-suite/run.sh [weft-mt|weft-ct|redis-server] [--all-tests] [UNIT...]
# The suite is the tests/ tree of the Redis source (7.0.x); set REDIS_SRC to a checkout or an
# extracted archive of it (default /work/redis-src). Nothing of Redis is kept in this
# repository; without the tree the script says so and exits 0. Needs tclsh (apt-get install -y
# tcl); redis-server as the peer (apt-get install -y redis-server).
#
# Flags, the same for every server: --singledb (weft-redis has one database),
# --ignore-encoding --ignore-digest (internal encodings and DEBUG DIGEST are Redis's own),
# --tags "-needs:repl -needs:debug -resp3 -needs:config-maxmemory" (replication, DEBUG,
# RESP3, maxmemory are outside weft-redis's command set), and --skipfile
# outside-the-command-set.txt: tests whose first use of an unsupported command would throw and
# abort the rest of the unit (sets, sorted sets, streams, COPY, MULTI, LPOS, LMOVE, ...).
# --all-tests leaves out the skip file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
server="${1:-weft-mt}"; [ $# -gt 0 ] && shift
skip=(--skipfile "$here/outside-the-command-set.txt")
if [ "${1:-}" = "--all-tests" ]; then skip=(); shift; fi
units=("$@")
[ ${#units[@]} -eq 0 ] && units=(unit/protocol unit/type/incr unit/type/string unit/keyspace
  unit/expire unit/pubsub unit/quit unit/type/list unit/type/hash)
src="${REDIS_SRC:-/work/redis-src}"
if [ ! -f "$src/tests/test_helper.tcl" ]; then
  echo "redis-suite: no Redis source tree at $src (set REDIS_SRC to a Redis 7.0 checkout); skipped"
  exit 0
fi
command -v tclsh >/dev/null || { echo "redis-suite: tclsh missing (apt-get install -y tcl); skipped"; exit 0; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
logs="$here/logs/$server"; mkdir -p "$logs"
case "$server" in
  redis-server)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --enable-debug-command yes --logfile "$logs/server.log" & pid=$! ;;
  weft-mt|weft-ct)
    "$root/weft" mvn -q -DskipTests -pl weft-redis -am compile >/dev/null
    "$("$root/weft" java-home)/bin/java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
      -cp "$root/weft-core/target/classes:$root/weft-redis/target/classes" dev.weft.redis.Main \
      --port "$port" --runtime "${server#weft-}" >"$logs/server.log" 2>&1 & pid=$! ;;
  *) echo "unknown server $server" >&2; exit 2 ;;
esac
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
printf '%-18s %6s %6s %6s %9s %6s\n' unit ok err skip ignored exc
for u in "${units[@]}"; do
  log="$logs/$(echo "$u" | tr / _).log"
  (cd "$src" && timeout 1200 tclsh tests/test_helper.tcl --host 127.0.0.1 --port "$port" \
    --singledb --ignore-encoding --ignore-digest \
    --tags "-needs:repl -needs:debug -resp3 -needs:config-maxmemory" "${skip[@]}" \
    --single "$u") >"$log" 2>&1 || true
  count() { sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -ac "^\[$1\]" || true; }
  printf '%-18s %6s %6s %6s %9s %6s\n' "$u" "$(count ok)" "$(count err)" "$(count skip)" \
    "$(count ignore)" "$(count exception)"
done
