#!/usr/bin/env bash
# The benchmark command (docs/performance.md). Not part of `mvn verify`.
#
#   bash scripts/benchmark.sh [--runs=3] [--clients=16,32,64,128] [--phase-seconds=20] [--timers=100000]
#                             [--polling-clients=128] [--warm-up-rounds=8] [--wrk-seconds=10]
#   bash scripts/benchmark.sh --only=replay   # the analysts' replay of a month (1.3 M evaluations)
#
# Builds the jar and the benchmark classes, starts a PostgreSQL 15 of its own (Debian's packages,
# pg_stat_statements loaded; fsync on, synchronous_commit off by default so that the shared
# machine's disk flush latency does not drown the figures: BENCH_PG_SYNCHRONOUS_COMMIT=on measures
# with durable commits; BENCH_PG_EXTRA adds server options, e.g. "-c session_preload_libraries=auto_explain
# -c auto_explain.log_min_duration=6ms" to see the plans of slow statements) on 127.0.0.1:${BENCH_PG_PORT:-15440},
# then runs cn.railway.tempid.bench.JourneyBenchmark, which measures two bare-engine ceilings (as
# deployed, and without asynchronous continuations: database ceiling_sync) and the packaged
# service (port ${BENCH_PORT:-8120}) in one run: journeys with the long poll, the peak of apps
# polling every 250 ms and honouring Retry-After (issue 22), online verification; the figures of
# each phase against both ceilings are printed as a table at the end of each run (stderr). Each run writes
# target/bench/run-N/benchmark.json and benchmark.png; with --runs=N the medians of the runs are
# printed at the end (target/bench/summary.json). Loopback only; everything it starts it stops.
set -euo pipefail
cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

RUNS=1
ONLY=""
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --runs=*) RUNS="${arg#--runs=}" ;;
    --only=*) ONLY="${arg#--only=}"; ARGS+=("$arg") ;;
    *) ARGS+=("$arg") ;;
  esac
done
PG_PORT="${BENCH_PG_PORT:-15440}"
PORT="${BENCH_PORT:-8120}"
MVN="mvn -B -q ${BENCH_MVN_FLAGS:-}"

# --- tools: wrk and PostgreSQL (Debian packages; installed when missing and we are root)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
# --only=replay needs no wrk
if { [ "$ONLY" != replay ] && ! command -v wrk >/dev/null; } || [ -z "$(pg_bin)" ] \
    || [ ! -e "$(pg_bin)/../lib/pg_stat_statements.so" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "--- installing wrk and PostgreSQL (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql postgresql-contrib >/dev/null
  else
    echo "needs wrk and PostgreSQL 15 with contrib: sudo apt-get install wrk postgresql postgresql-contrib" >&2
    exit 1
  fi
fi
PGBIN="$(pg_bin)"

# --- build
mkdir -p target/bench
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "--- building the service jar and the benchmark classes"
  $MVN -DskipTests -Dspotless.check.skip=true package
  $MVN -Dspotless.check.skip=true test-compile
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
fi
CP="target/test-classes:target/classes:$(cat target/bench/classpath.txt)"

# --- PostgreSQL of its own, as an unprivileged user (initdb refuses root)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDATA=""
stop_pg() {
  if [ -n "$PGDATA" ] && [ -d "$PGDATA" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
  fi
  PGDATA=""
}
trap stop_pg EXIT
start_pg() {
  PGDATA="$(mktemp -d /tmp/tempid-bench-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA"
  as_pg "$PGBIN/initdb" -A trust -U postgres -E UTF8 --no-locale -D "$PGDATA" >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 -o "-p $PG_PORT \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGDATA -c max_connections=300 \
    -c shared_buffers=512MB -c shared_preload_libraries=pg_stat_statements \
    -c pg_stat_statements.max=2000 -c max_wal_size=4GB \
    -c synchronous_commit=${BENCH_PG_SYNCHRONOUS_COMMIT:-off} ${BENCH_PG_EXTRA:-}" start >/dev/null
  psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
  psql -d postgres -c "create role tempid login password 'tempid'" \
    -c "create database tempid owner tempid encoding 'UTF8'" \
    -c "create database ceiling owner tempid encoding 'UTF8'" \
    -c "create database ceiling_sync owner tempid encoding 'UTF8'" \
    -c "create extension pg_stat_statements"
  echo "--- PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PGDATA)"
}

for run in $(seq 1 "$RUNS"); do
  echo "=== run $run of $RUNS"
  start_pg
  java -Xmx2g -cp "$CP" cn.railway.tempid.bench.JourneyBenchmark \
    --project=. --out="target/bench/run-$run" --port="$PORT" --pg-port="$PG_PORT" "${ARGS[@]}" \
    > "target/bench/run-$run.json"
  stop_pg
  echo "--- run $run: target/bench/run-$run/benchmark.json, target/bench/run-$run/benchmark.png"
done
if [ "$ONLY" = replay ]; then
  # --only=replay [--replay-rows=1300000] [--replay-runs=3]: the replay's figures (docs/performance.md)
  for run in $(seq 1 "$RUNS"); do
    grep -o '"medianSeconds" : [0-9.]*' "target/bench/run-$run.json" | sed "s/^/run $run: replay /"
  done
  exit 0
fi
java -cp "$CP" cn.railway.tempid.bench.BenchmarkSummary target/bench $(seq -f "run-%g" 1 "$RUNS")
