#!/usr/bin/env bash
# Joining: POST /j/<token> (look-up, join window, HS256 room token, 303 into the room) against
# PostgreSQL, with wrk on the same machine. Reports, in one run:
#   1. the floor: GET /healthz, a trivial handler behind the same middleware, same connections;
#   2. joins per second and latency, with the ratio to the floor.
# Loopback only, bounded in time (2 × DURATION plus warm-up).
#
#   bench/join.sh                          # PostgreSQL at 127.0.0.1:5432 as postgres
#   ADMIN_URL=postgres://root@127.0.0.1:5432/postgres DURATION=30 CONNECTIONS=64 bench/join.sh
#   SSLMODE=prefer bench/join.sh           # libpq's default: TLS to the database when it offers it
# The default SSLMODE=disable: with the database on the same machine, TLS would only measure
# encrypting loopback traffic (a database on another host should of course be reached with TLS).
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18082}
DB=treffpunkt_bench_join
SSLMODE=${SSLMODE:-disable}
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=$SSLMODE"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked --quiet
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL
export TREFFPUNKT_JITSI_URL=https://meet.example.org TREFFPUNKT_JITSI_APP_ID=treffpunkt
export TREFFPUNKT_JITSI_SECRET=a-benchmark-secret-of-at-least-32-characters
# shellcheck source=bench/common.sh
. bench/common.sh
start_server
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
base="http://127.0.0.1:$PORT"
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)

# 200 meetings of 20 invitees each, so the look-up searches a table of some size; the joins
# use one invitee of a meeting that is open now.
starts=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:00Z)
participants=$(for n in $(seq 1 20); do printf '{"email":"person%s@example.org"},' "$n"; done | sed 's/,$//')
for _ in $(seq 1 200); do
  curl -fsS -o "$workdir/meeting.json" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Lastprobe\",\"starts_at\":\"$starts\",\"duration_minutes\":60,\"participants\":[$participants]}" \
    "$base/api/v1/meetings"
done
write_join_script "$workdir/meeting.json"

echo "database connection: sslmode=$SSLMODE"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version') on the same machine"
rate() { awk '/^Requests\/sec/ {printf "%.0f", $2}'; }
p() { awk -v q="$1" '$1 == q {print $2}'; }
errors() { awk '/Non-2xx|Socket errors/ {print}'; }
check() { if printf '%s\n' "$1" | grep -q 'Non-2xx'; then echo "some answers were errors:" >&2; printf '%s\n' "$1" >&2; exit 1; fi; }

wrk -t2 -c"$CONNECTIONS" -d5s -s "$workdir/join.lua" "$base" >/dev/null 2>&1   # warm-up
floor=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/healthz" 2>&1)
joins=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$workdir/join.lua" "$base" 2>&1)
check "$floor"
check "$joins"
floor_rate=$(printf '%s\n' "$floor" | rate)
join_rate=$(printf '%s\n' "$joins" | rate)
echo "GET /healthz (floor), $CONNECTIONS connections, ${DURATION}s: $floor_rate/s, p50 $(printf '%s\n' "$floor" | p 50%), p99 $(printf '%s\n' "$floor" | p 99%) $(printf '%s\n' "$floor" | errors)"
echo "POST /j/<token>,      $CONNECTIONS connections, ${DURATION}s: $join_rate/s, p50 $(printf '%s\n' "$joins" | p 50%), p99 $(printf '%s\n' "$joins" | p 99%) $(printf '%s\n' "$joins" | errors)"
awk -v j="$join_rate" -v f="$floor_rate" 'BEGIN {printf "ratio joins / floor: %.2f\n", j / f}'
