#!/usr/bin/env bash
# BSV primitive benchmarks, pinned to one core: signatures and verifications per second.
#   scripts/bench-bsv.sh            BenchmarkDotNet (all BSV benchmarks), then the CPU-time run
#   scripts/bench-bsv.sh '*Sign*'   a BenchmarkDotNet subset (--filter), then the CPU-time run
# BenchmarkDotNet measures wall-clock time: on a busy machine it includes other processes' time on the core.
# The CPU-time run divides by the process CPU time instead, so it is comparable across machine load.
# Reports: BenchmarkDotNet.Artifacts/bsv/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-*}"
# On a shared machine, a raised priority (root only) keeps other processes off the pinned core while measuring.
run=()
if [ "$(id -u)" -eq 0 ] && [ "${BENCH_NICE:-1}" = "1" ]; then
  run=(nice -n -15)
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
dotnet build -c Release tests/ModularTorrent.Bsv.Benchmarks -v quiet
"${run[@]}" dotnet run -c Release --no-build --project tests/ModularTorrent.Bsv.Benchmarks -- --filter "$filter" --artifacts "${BENCH_ARTIFACTS:-BenchmarkDotNet.Artifacts/bsv}"
echo
echo "CPU-time run (one core):"
"${run[@]}" dotnet run -c Release --no-build --project tests/ModularTorrent.Bsv.Benchmarks -- --cpu-time
