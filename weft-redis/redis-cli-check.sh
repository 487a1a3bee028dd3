#!/usr/bin/env bash
# Drives a running weft-redis (or any Redis) with redis-cli, as a user at a shell would:
#   weft-redis/redis-cli-check.sh PORT
# Exits non-zero at the first answer that differs from Redis's. Needs redis-cli (Debian:
# apt-get install -y redis-tools). Run by RedisCliScriptTest.
set -euo pipefail
port="${1:?usage: redis-cli-check.sh PORT}"
cli() { redis-cli -h 127.0.0.1 -p "$port" "$@"; }
expect() { # expect WANT COMMAND...
  local want="$1"; shift
  local got
  got="$(cli "$@" 2>&1)"
  if [ "$got" != "$want" ]; then
    echo "redis-cli $*: expected [$want], got [$got]" >&2
    exit 1
  fi
}

expect "PONG" ping
expect "OK" flushall
expect "OK" set greeting "hello world"
expect "hello world" get greeting
expect "11" strlen greeting
expect "1" incr counter
expect "11" incrby counter 10
expect "3" rpush letters a b c
expect $'a\nb\nc' lrange letters 0 -1
expect "2" hset user name ada lang en
expect $'name\nada\nlang\nen' hgetall user
expect "1" expire greeting 100
expect "100" ttl greeting
expect "string" type greeting
expect "4" dbsize
expect 'save' config get save
expect "ERR unknown command 'nosuchcommand', with args beginning with: 'x' " nosuchcommand x
expect "(integer) 1" --no-raw exists greeting
cli info keyspace | grep -q '^db0:keys=4,expires=1' || { echo "INFO keyspace" >&2; exit 1; }
[ "$(cli --scan --pattern 'l*' | sort | tr '\n' ' ')" = "lang letters " ] \
  || [ "$(cli --scan --pattern 'l*' | sort | tr '\n' ' ')" = "letters " ] \
  || { echo "--scan" >&2; exit 1; }
# An interactive-style session on stdin, several commands at once.
out="$(printf 'SET piped 1\nINCR piped\nGET piped\n' | cli)"
[ "$out" = $'OK\n2\n2' ] || { echo "stdin commands: [$out]" >&2; exit 1; }

# Mass insertion: 100,000 SETs as raw RESP through --pipe.
n=100000
gen() {
  awk -v n="$n" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = "key:" i; v = "value:" i;
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
    }
  }'
}
report="$(gen | cli --pipe 2>&1)"
echo "$report" | grep -q "errors: 0, replies: $n" || { echo "--pipe: $report" >&2; exit 1; }
expect "$((n + 5))" dbsize
expect "value:99999" get key:99999
expect "value:0" get key:0
echo "redis-cli check passed (port $port)"
