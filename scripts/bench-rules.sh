#!/usr/bin/env bash
# Rule evaluation benchmarks (BenchmarkDotNet, whole process pinned to one core): evaluations per second of the
# default proofReward rule — bare Jint as the reference, the sandbox one call at a time and pipelined, and the
# plugin path through IIncentiveRules. Target: at least 20,000 per second with the sandbox in place.
#   scripts/bench-rules.sh                 run them all
#   scripts/bench-rules.sh --job short     extra BenchmarkDotNet arguments
# Results: the summary table (Op/s column) on stdout, reports in BenchmarkDotNet.Artifacts/rules/.
# On a busy shared machine the hop to the worker thread is mostly scheduler latency; for a per-CPU-second view:
#   taskset -c 0 dotnet run -c Release --project tests/ModularTorrent.Scripting.Benchmarks -- quick 5 [rounds]
# It warms every mode up first, then measures them in interleaved rounds (median), so no mode is billed for tiered
# compilation or for a burst of load from the neighbours. Last run (2026-11-22, one core, load average 3-5):
#   bare Jint ~30-35k/s, fresh engine alone ~38-40k/s (the ceiling: every evaluation builds one),
#   sandbox work without the hop ~32-35k/s, one at a time ~28k/s, 64 in flight ~33k/s per CPU-second.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/ModularTorrent.Scripting.Benchmarks -- --filter '*ProofRewardBenchmarks*' --artifacts "${BENCH_ARTIFACTS:-BenchmarkDotNet.Artifacts/rules}" "$@"
