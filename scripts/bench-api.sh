#!/usr/bin/env bash
# API benchmark (issue 6): with 1,000 torrents loaded, wrk drives
#   GET /api/v1/torrents?limit=50   and   GET /api/v1/torrents/{infoHash}
# for DURATION seconds each (default 20) and reports requests/s and p99 latency. The reference
# measured in the same run is GET /health (no work behind it): the ratios say what the torrent
# routes cost relative to the host's floor on this machine. Targets: >= 10,000 req/s, p99 < 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
TORRENTS=${TORRENTS:-1000}
CONNECTIONS=${CONNECTIONS:-64}

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

work=$(mktemp -d /tmp/mt-bench-api.XXXXXX)
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "building (Release)…"
dotnet build host/ModularTorrent.Host -c Release -nologo -clp:ErrorsOnly >/dev/null
hostdll=host/ModularTorrent.Host/bin/Release/net10.0/ModularTorrent.Host.dll
mkdir -p "$work/plugins" "$work/data" "$work/payload"
cp -r artifacts/plugins/ModularTorrent.BitTorrent artifacts/plugins/ModularTorrent.Selection "$work/plugins/"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
peer_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
args=(--DataDirectory="$work/data" --PluginHost:PluginsDirectory="$work/plugins" --Security:CreateInitialAdminKey=false
      --Plugins:modulartorrent.bittorrent:ListenAddress=127.0.0.1 --Plugins:modulartorrent.bittorrent:ListenPort="$peer_port"
      --Logging:LogLevel:Default=Warning)
key=$(dotnet "$hostdll" keys create --name bench --scope operate "${args[@]}" | sed -n 's/.*key=//p')
dotnet "$hostdll" --urls="http://127.0.0.1:$port" "${args[@]}" >"$work/host.log" 2>&1 &
host_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done

echo "loading $TORRENTS torrents…"
for i in $(seq 1 "$TORRENTS"); do
  head -c 16384 /dev/urandom > "$work/payload/file-$i.bin"
  curl -sf -X POST "$base/api/v1/torrents/create" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"path\":\"$work/payload/file-$i.bin\"}" >/dev/null || { echo "create $i failed"; tail -20 "$work/host.log"; exit 1; }
done
hash=$(curl -sf "$base/api/v1/torrents?limit=1" -H "X-Api-Key: $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["infoHash"])')
total=$(curl -sf "$base/api/v1/torrents?limit=1" -H "X-Api-Key: $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "torrents loaded: $total"

run() { # name url -> "rps p99ms"
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "X-Api-Key: $key" "$2")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}')
  local errors
  errors=$(echo "$out" | awk '/Non-2xx/ {print $4}')
  printf '%-34s %10.0f req/s   p99 %7.2f ms   %s\n' "$1" "$rps" "$p99" "${errors:+non-2xx: $errors}" >&2
  echo "$rps $p99"
}

read -r ref_rps ref_p99 < <(run "GET /health (reference)" "$base/health")
read -r list_rps list_p99 < <(run "GET /api/v1/torrents?limit=50" "$base/api/v1/torrents?limit=50")
read -r one_rps one_p99 < <(run "GET /api/v1/torrents/{infoHash}" "$base/api/v1/torrents/$hash")

python3 - "$ref_rps" "$list_rps" "$one_rps" "$list_p99" "$one_p99" <<'PY'
import sys
ref, lst, one, lp99, op99 = map(float, sys.argv[1:])
print(f"ratio list/health   {lst/ref:.2f}")
print(f"ratio one/health    {one/ref:.2f}")
for name, rps, p99 in (("list", lst, lp99), ("one", one, op99)):
    ok = rps >= 10000 and p99 < 20
    print(f"target {name:5} >=10000 req/s and p99 < 20 ms: {'met' if ok else 'NOT met'} ({rps:.0f} req/s, {p99:.2f} ms)")
PY
