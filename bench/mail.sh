#!/usr/bin/env bash
# Mail worker throughput: a burst of queued invitations drained by `treffpunkt worker` (claim,
# load, render templates and calendar, build MIME, SMTP, record) into postfix's smtp-sink, on
# PostgreSQL. Reports, in one run:
#   1. the sink's own ceiling: smtp-source sending the same number of messages of the same size
#      over the same number of parallel, reused connections;
#   2. the worker's messages per second and drain time, with the ratio to that ceiling.
# Loopback only; bounded (the drain is given at most LIMIT seconds).
#
#   bench/mail.sh                       # 20,000 invitations, 16 connections
#   INVITATIONS=5000 CONCURRENCY=32 bench/mail.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
INVITATIONS=${INVITATIONS:-20000}
CONCURRENCY=${CONCURRENCY:-16}
LIMIT=${LIMIT:-120}
PORT=${PORT:-18083}
SINK_PORT=${SINK_PORT:-12525}
DB=treffpunkt_bench_mail
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
if ! command -v smtp-sink >/dev/null && ! [ -x /usr/sbin/smtp-sink ]; then
  echo "smtp-sink and smtp-source come with postfix: apt-get install postfix" >&2
  exit 1
fi
PATH="$PATH:/usr/sbin"

cargo build --release --locked --quiet
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL
# The server only queues (the worker runs alone later, so the drain is measured by itself).
export TREFFPUNKT_MAIL_WORKER=false TREFFPUNKT_MAIL_REMINDER_MINUTES=0
# shellcheck source=bench/common.sh
. bench/common.sh
start_server
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
base="http://127.0.0.1:$PORT"
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name "Bärbel Bench" --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)

# Meetings of 500 invitees (the most one meeting takes) until INVITATIONS are queued.
starts=$(date -u -d '+1 day' +%Y-%m-%dT09:00:00Z)
meetings=$(( (INVITATIONS + 499) / 500 ))
for m in $(seq 1 "$meetings"); do
  participants=$(python3 -c 'import json,sys; m=sys.argv[1]; print(json.dumps([{"email": f"person{n}.m{m}@stadt-b.example", "name": f"Person {n}, Amt {m}"} for n in range(500)]))' "$m")
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Haushaltsberatung 2027, Teil $m: Straßen & Brücken\",\"description\":\"1. Zahlen\\n2. Fragen\",\"starts_at\":\"$starts\",\"duration_minutes\":60,\"participants\":$participants}" \
    "$base/api/v1/meetings"
done
kill "$server"; wait "$server" 2>/dev/null || true
queued=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM outbox_jobs WHERE state = 'pending'")

sink_log="$workdir/sink.log"
start_sink() {
  # smtp-sink refuses to keep running as root; it drops to nobody after binding.
  local as=(); [ "$(id -u)" = 0 ] && as=(-u nobody)
  smtp-sink "${as[@]}" -c "127.0.0.1:$SINK_PORT" 1024 >"$sink_log" 2>&1 &
  sink=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "smtp-sink did not start" >&2; exit 1
}
stop_sink() { kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; }
trap 'stop_sink; kill "${worker:-}" 2>/dev/null || true; rm -rf "$workdir"' EXIT

# One real invitation, written by the file transport, gives smtp-source the same message size.
start_sink
TREFFPUNKT_DATA_DIR="$workdir" target/release/treffpunkt worker >/dev/null 2>&1 &
sample_worker=$!
sample=
for _ in $(seq 1 100); do
  sample=$(find "$workdir/mail" -name '*.eml' -print -quit 2>/dev/null || true)
  [ -n "$sample" ] && break
  sleep 0.1
done
kill "$sample_worker"; wait "$sample_worker" 2>/dev/null || true
[ -n "$sample" ] || { echo "the worker wrote no sample message" >&2; exit 1; }
size=$(stat -c %s "$sample")
# That worker sent a few already: put every job back to pending so the burst is complete.
psql -q "$DATABASE_URL" -c "UPDATE outbox_jobs SET state = 'pending', attempts = 0, locked_by = NULL, locked_until = NULL, finished_at = NULL"
queued=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM outbox_jobs WHERE state = 'pending'")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version') and smtp-sink on the same machine"
echo "burst: $queued queued mails (invitations and organizer copies), message size $size bytes, $CONCURRENCY connections"

# 1. The sink's ceiling with the same messages, connections and count.
t0=$(date +%s.%N)
smtp-source -s "$CONCURRENCY" -m "$queued" -d -f "$email" -t person@stadt-b.example -F "$sample" "127.0.0.1:$SINK_PORT"
t1=$(date +%s.%N)
ceiling=$(python3 -c "print(round($queued / ($t1 - $t0)))")
echo "smtp-source → smtp-sink: $queued messages in $(python3 -c "print(round($t1 - $t0, 2))") s = $ceiling messages/s"

# 2. The worker draining the burst.
t0=$(date +%s.%N)
TREFFPUNKT_SMTP_URL="smtp://127.0.0.1:$SINK_PORT" TREFFPUNKT_MAIL_CONCURRENCY="$CONCURRENCY" \
  TREFFPUNKT_DATA_DIR="$workdir" target/release/treffpunkt worker >"$workdir/worker.log" 2>&1 &
worker=$!
deadline=$(( $(date +%s) + LIMIT ))
while :; do
  left=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM outbox_jobs WHERE state = 'pending'")
  [ "$left" = 0 ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then echo "not drained within $LIMIT s: $left left" >&2; cat "$workdir/worker.log" >&2; exit 1; fi
  sleep 0.05
done
t1=$(date +%s.%N)
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
kill "$worker"; wait "$worker" 2>/dev/null || true
failed=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM outbox_jobs WHERE state <> 'sent'")
[ "$failed" = 0 ] || { echo "$failed jobs did not end as sent" >&2; cat "$workdir/worker.log" >&2; exit 1; }
rate=$(python3 -c "print(round($queued / ($t1 - $t0)))")
echo "treffpunkt worker → smtp-sink: $queued messages drained in $(python3 -c "print(round($t1 - $t0, 2))") s = $rate messages/s (peak resident memory $((peak_kb / 1024)) MiB)"
echo "ratio to the sink's ceiling: $(python3 -c "print(round($rate / $ceiling, 2))")"
