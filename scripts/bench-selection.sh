#!/usr/bin/env bash
# Piece-selection benchmarks: time and allocations of one 16-piece pick for 10k- and 100k-piece torrents,
# per policy. Picks per second = 1 / Mean. Extra arguments go to BenchmarkDotNet (e.g. --job Medium).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/ModularTorrent.Selection.Benchmarks -- --filter '*SelectionBenchmarks*' "$@"
