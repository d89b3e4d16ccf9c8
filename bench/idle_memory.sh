#!/usr/bin/env bash
# Idle memory: VmRSS of `treffpunkt serve` 4 s after start with a fresh data folder (SQLite) or a
# fresh database (BACKEND=postgres), STARTS times per binary. Give several binaries to compare
# builds in the same minutes (a baseline built in a worktree, say). Loopback only, bounded.
#
#   bench/idle_memory.sh                                       # target/release/treffpunkt
#   BACKEND=postgres bench/idle_memory.sh target/release/treffpunkt /tmp/base/target/release/treffpunkt
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
STARTS=${STARTS:-3}
PORT=${PORT:-18111}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || { cargo build --release --locked --quiet; binaries=(target/release/treffpunkt); }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
for binary in "${binaries[@]}"; do
  readings=()
  for _ in $(seq 1 "$STARTS"); do
    dir=$(mktemp -d)
    if [ "$BACKEND" = postgres ]; then
      psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS treffpunkt_bench_idle WITH (FORCE)" -c "CREATE DATABASE treffpunkt_bench_idle"
      export DATABASE_URL="${ADMIN_URL%/*}/treffpunkt_bench_idle?sslmode=disable"
    else
      unset DATABASE_URL
    fi
    TREFFPUNKT_DATA_DIR="$dir" TREFFPUNKT_BIND="127.0.0.1:$PORT" TREFFPUNKT_LOG=warn \
      "$binary" serve >"$dir/server.log" 2>&1 &
    server=$!
    sleep 4
    readings+=("$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server/status")")
    kill "$server"; wait "$server" 2>/dev/null || true
    rm -rf "$dir"
  done
  echo "$binary: VmRSS ${readings[*]} MiB"
done
if [ "$BACKEND" = postgres ]; then psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS treffpunkt_bench_idle WITH (FORCE)"; fi
