#!/usr/bin/env bash
# The reliability command (issue 8): its own PostgreSQL 15 primary + synchronous standby, two nodes
# of the packaged jar, and the scenarios a–g, one FIGURE line per figure. See docs/reliability.md.
#
#   bash scripts/reliability.sh                      # everything (about 15–30 minutes)
#   bash scripts/reliability.sh --scenarios=ab --journeys=300
#
# Options are passed on to cn.railway.tempid.reliability.ReliabilityCommand (--node-ports=8110,8111
# --pg-ports=15430,15431 --journeys=1000 --clients=16 --outage-seconds=30 --scenarios=abcdefg;
# scenario g, the restore drill: --archive-timeout-seconds=10 --restore-pg-ports=15432,15433
# --restore-node-port=8112).
# TEMPID_RELIABILITY_SKIP_BUILD=1 reuses target/ as it is. Loopback only; stops by itself.
set -euo pipefail
cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

pg_bin="${TEMPID_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$pg_bin/pg_ctl" ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    echo "--- installing Debian's PostgreSQL (apt-get install -y postgresql)"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  else
    echo "PostgreSQL 15 binaries not found in $pg_bin: as root run 'apt-get install -y postgresql'," \
      "or set TEMPID_PG_BIN" >&2
    exit 2
  fi
fi
if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
  # PostgreSQL refuses to run as root: its clusters run as this user (the package creates it)
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

if [[ "${TEMPID_RELIABILITY_SKIP_BUILD:-}" != 1 ]]; then
  echo "--- building the jar and the test classes (mvn -DskipTests package)"
  mvn -B -q -DskipTests -Dspotless.check.skip=true package </dev/null
fi
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/reliability-classpath.txt </dev/null
echo "--- reliability command"
exec java -cp "target/test-classes:target/classes:$(cat target/reliability-classpath.txt)" \
  cn.railway.tempid.reliability.ReliabilityCommand "$@"
