#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on a loopback port, for tests and local runs.
#
#   scripts/postgres-cluster.sh start [DIR]   create and start a cluster in DIR (default: a new temp folder);
#                                             prints the Npgsql connection string on stdout (one line)
#   scripts/postgres-cluster.sh stop  [DIR]   stop the cluster in DIR (default: the last one started) and delete DIR
#
# Installs Debian's postgresql package when no initdb is found (needs root). The server never
# runs as root: as root the cluster is owned by and run as the 'postgres' user.
set -euo pipefail

STATE_FILE="${TMPDIR:-/tmp}/mt-postgres-cluster.last"

log() { echo "postgres-cluster: $*" >&2; }

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

ensure_installed() {
  if find_bindir >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and installing it needs root (apt-get install -y postgresql)."
    exit 2
  fi
  log "installing postgresql with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  find_bindir >/dev/null || { log "postgresql installed but initdb not found"; exit 2; }
}

# Runs a command as the cluster's owner: 'postgres' when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free loopback port found"
  exit 3
}

start() {
  ensure_installed
  local bindir dir port password
  bindir=$(find_bindir)
  dir="${1:-}"
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/mt-pg.XXXXXX")
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The parent folders must be traversable by the server user.
  chmod 755 "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  port=$(free_port)
  (umask 077; printf '%s\n' "$password" > "$dir/pwfile")
  printf '%s\n' "$port" > "$dir/port"
  mkdir -p "$dir/data" "$dir/socket"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
  fi
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 4; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/socket -c fsync=on -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 5; }
  printf '%s\n' "$dir" > "$STATE_FILE"
  log "cluster in $dir on 127.0.0.1:$port (stop with: $0 stop $dir)"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
}

stop() {
  local dir="${1:-}" bindir
  if [ -z "$dir" ] && [ -f "$STATE_FILE" ]; then
    dir=$(cat "$STATE_FILE")
  fi
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    log "no cluster folder to stop"
    exit 0
  fi
  bindir=$(find_bindir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
  fi
  rm -rf "$dir"
  if [ -f "$STATE_FILE" ] && [ "$(cat "$STATE_FILE")" = "$dir" ]; then
    rm -f "$STATE_FILE"
  fi
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) shift; start "${1:-}" ;;
  stop) shift; stop "${1:-}" ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 64 ;;
esac
