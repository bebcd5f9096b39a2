#!/usr/bin/env bash
# BitTorrent engine benchmarks.
#   scripts/bench-bittorrent.sh loopback [MiB] [piece KiB] [plain|rc4]
#       libtorrent seeds on 127.0.0.1; a libtorrent leecher and then our engine download the same
#       torrent from it; prints MB/s, CPU seconds, peak RSS and the ratios measured in that run.
#       Default 1024 MiB in 1 MiB pieces, plain; rc4 makes both leechers insist on MSE with RC4.
#       Needs: apt-get install -y python3-libtorrent
#   scripts/bench-bittorrent.sh [BenchmarkDotNet args]
#       micro benchmarks of the data path (wire decoding, metainfo parsing), e.g. --filter '*'
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "loopback" ]]; then
  dotnet run -c Release --project tests/ModularTorrent.BitTorrent.Benchmarks -- "$@"
else
  dotnet run -c Release --project tests/ModularTorrent.BitTorrent.Benchmarks -- --artifacts "${BENCH_ARTIFACTS:-BenchmarkDotNet.Artifacts/bittorrent}" "${@:---filter=*}"
fi
