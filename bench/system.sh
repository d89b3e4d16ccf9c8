#!/usr/bin/env bash
# The whole system under load in one go: Treffpunkt (release build, mail worker inside) on
# PostgreSQL, sending into postfix's smtp-sink, while benches/system_load.rs plans meetings at a
# fixed rate (20 invitees each: 21 mails per meeting) and joins at a fixed rate, sampling latency,
# errors, mail backlog and the server's memory every second until the backlog has drained.
# The baseline in the same run: each request kind alone at the same rate for ALONE seconds first;
# the report gives the combined run's p99 as a ratio to it (what the rest of the load costs).
# Writes target/system-load/samples.csv and target/system-load/system-load.svg.
# Loopback only; bounded (2 × ALONE + DURATION plus at most two minutes of draining each).
#
#   bench/system.sh                                  # 20 meetings/s, 1,000 joins/s, 60 s
#   MEETINGS=50 JOINS=2000 DURATION=30 bench/system.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
MEETINGS=${MEETINGS:-20}
JOINS=${JOINS:-1000}
DURATION=${DURATION:-60}
ALONE=${ALONE:-20}
PORT=${PORT:-18084}
SINK_PORT=${SINK_PORT:-12526}
OUT=${OUT:-target/system-load}
DB=treffpunkt_bench_system
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
PATH="$PATH:/usr/sbin"
command -v smtp-sink >/dev/null || { echo "smtp-sink comes with postfix: apt-get install postfix" >&2; exit 1; }

cargo build --release --locked --quiet
cargo bench --locked --no-run --quiet --bench system_load 2>/dev/null
load=$(find target/release/deps -maxdepth 1 -type f -executable -name 'system_load-*' -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2)

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
workdir=$(mktemp -d)
cleanup() {
  kill "${server:-}" "${sink:-}" 2>/dev/null || true
  wait "${server:-}" "${sink:-}" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

as=(); [ "$(id -u)" = 0 ] && as=(-u nobody)
smtp-sink "${as[@]}" "127.0.0.1:$SINK_PORT" 1024 >"$workdir/sink.log" 2>&1 &
sink=$!

metrics_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DATABASE_URL TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
export TREFFPUNKT_JITSI_URL=https://meet.example.org TREFFPUNKT_JITSI_APP_ID=treffpunkt
export TREFFPUNKT_JITSI_SECRET=a-benchmark-secret-of-at-least-32-characters
target/release/treffpunkt migrate >/dev/null
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)

TREFFPUNKT_BIND="127.0.0.1:$PORT" TREFFPUNKT_BASE_URL="http://127.0.0.1:$PORT" \
  TREFFPUNKT_SMTP_URL="smtp://127.0.0.1:$SINK_PORT" TREFFPUNKT_METRICS_TOKEN="$metrics_token" \
  TREFFPUNKT_MAIL_REMINDER_MINUTES=0 \
  target/release/treffpunkt serve >"$workdir/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 50); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

# A meeting open now, whose first invitee joins again and again.
starts=$(date -u -d '+5 minutes' +%Y-%m-%dT%H:%M:00Z)
curl -fsS -o "$workdir/open.json" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"title\":\"Offen\",\"starts_at\":\"$starts\",\"duration_minutes\":120,\"participants\":[{\"email\":\"joiner@city-b.example\"}]}" \
  "$base/api/v1/meetings"
join_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["participants"][0]["join_url"])' "$workdir/open.json")
# Let the worker send those two mails and the server settle before "idle" is read.
sleep 5

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version'), smtp-sink and the load generator on the same machine"
echo "load: $MEETINGS meetings/s (20 invitees each) and $JOINS joins/s for $DURATION s"
export TREFFPUNKT_BENCH_URL="$base" TREFFPUNKT_BENCH_TOKEN="$token" TREFFPUNKT_BENCH_JOIN_URL="$join_url"
export TREFFPUNKT_BENCH_METRICS_TOKEN="$metrics_token" TREFFPUNKT_BENCH_PID="$server"
p99() { awk -v kind="$1:" '$1 == kind { for (i = 1; i <= NF; i++) if ($i == "p99") print $(i + 1) }'; }
echo "--- baseline: joins alone for $ALONE s"
alone=$("$load" 0 "$JOINS" "$ALONE" "$OUT/alone-joins")
printf '%s\n' "$alone"
alone_joins=$(printf '%s\n' "$alone" | p99 joins)
echo "--- baseline: meetings alone for $ALONE s (and their mail)"
alone=$("$load" "$MEETINGS" 0 "$ALONE" "$OUT/alone-meetings")
printf '%s\n' "$alone"
alone_meetings=$(printf '%s\n' "$alone" | p99 meetings)
echo "--- everything at once for $DURATION s"
together=$("$load" "$MEETINGS" "$JOINS" "$DURATION" "$OUT")
printf '%s\n' "$together"
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(round(a / b, 2) if b else 'n/a')" "$1" "$2"; }
echo "p99 together / alone: meetings $(ratio "$(printf '%s\n' "$together" | p99 meetings)" "$alone_meetings"), joins $(ratio "$(printf '%s\n' "$together" | p99 joins)" "$alone_joins")"
left=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM outbox_jobs WHERE state <> 'sent'")
echo "outbox jobs not sent at the end: $left"
