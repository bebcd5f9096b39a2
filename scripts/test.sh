#!/usr/bin/env bash
# Runs every test of ModularTorrent on this machine and prints one closing line:
#   tests: N passed, M failed, K skipped
# counted from the test results (TRX). Exits non-zero on any failure.
#
# As root it installs the system packages the tests need (PostgreSQL, libtorrent's Python
# bindings, opentracker, Chromium); it starts a throw-away PostgreSQL cluster on loopback
# unless MT_TEST_POSTGRES already names one.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- system packages -------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
/usr/bin/python3 -c 'import libtorrent' >/dev/null 2>&1 || missing+=(python3-libtorrent)
command -v opentracker >/dev/null 2>&1 || missing+=(opentracker)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || log "apt-get install failed; tests that need ${missing[*]} will fail"
  else
    log "not root: cannot install ${missing[*]}; tests that need them will fail"
  fi
fi

# --- PostgreSQL ------------------------------------------------------------------------------
pg_started=0
pg_dir="$(mktemp -d /tmp/mt-test-pg.XXXXXX)"
rmdir "$pg_dir"
if [ -z "${MT_TEST_POSTGRES:-}" ] && [ -x scripts/postgres-cluster.sh ]; then
  if conn=$(scripts/postgres-cluster.sh start "$pg_dir" 2>"$results/postgres.log"); then
    export MT_TEST_POSTGRES="$conn"
    pg_started=1
    log "PostgreSQL test cluster: $conn"
  else
    log "PostgreSQL test cluster did not start (see $results/postgres.log); PostgreSQL tests will fail"
  fi
fi
# Stop exactly the cluster started here (tests may start and stop clusters of their own).
cleanup() { [ "$pg_started" = 1 ] && scripts/postgres-cluster.sh stop "$pg_dir" >/dev/null 2>&1; }
trap cleanup EXIT

# --- build and test --------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
if ! dotnet build ModularTorrent.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

log "testing"
# One test project at a time: several suites hold real timing bounds (hot swap in 2 s, hostile scripts
# stopped in 1 s) that two cores shared by parallel suites would blur.
dotnet test ModularTorrent.sln -c Debug --no-build -nologo -m:1 \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=false
status=$?

# --- count from the results ------------------------------------------------------------------
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + p))
  failed=$((failed + f + e + t + a))
  skipped=$((skipped + total - p - f - e - t - a))
done

if [ "$files" = 0 ]; then
  log "no test results were written"
  failed=$((failed + 1))
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  log "dotnet test exited with $status"
  failed=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
