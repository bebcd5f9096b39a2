#!/usr/bin/env bash
# ARC client benchmarks.
#   1. Sustained run: the client against the in-test ARC server (a child process, so its CPU is not
#      counted) with the rate limit at 1,000 tx/s, with and without the SQLite outbox, plus the
#      client's ceiling with no effective limit. Reports the rate reached and the client's CPU
#      (process CPU time / wall time) measured in the same run; exits non-zero when the limiter is
#      not the bottleneck.
#   2. BenchmarkDotNet micro-benchmarks of the per-transaction hot path.
# Usage: scripts/bench-arc.sh [seconds-per-sustained-run] [extra BenchmarkDotNet arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
shift || true
dotnet build -c Release tests/ModularTorrent.Arc.Benchmarks -v q -nologo
DLL=tests/ModularTorrent.Arc.Benchmarks/bin/Release/net10.0/ModularTorrent.Arc.Benchmarks.dll
echo "== sustained submissions (${SECONDS_PER_RUN} s per run) =="
dotnet "$DLL" sustained "$SECONDS_PER_RUN"
echo "== hot path (BenchmarkDotNet) =="
dotnet "$DLL" --filter '*HotPath*' --job short "$@"
