#!/usr/bin/env bash
# The retention job on PostgreSQL at scale: 100,000 meetings (with 200,000 invitees) that ended
# 200 days ago, 1,000,000 outbox rows (half finished 200 days ago, half 30 days ago, a fifth
# about those invitees) and 100,000 audit entries 8 days old. Reports, in one run:
#   1. joins (POST /j/<token>, as bench/join.sh) without the job: rate and p99;
#   2. the same while `treffpunkt retention run` works through it: rate and p99, and their
#      ratio to the first;
#   3. the job's rows per step, rows per second, and its longest batch (the longest any
#      transaction held its locks).
# Loopback only, bounded: the seed, 2 × DURATION of load, and the job (which stops by itself).
#
#   bench/retention.sh            # PostgreSQL at 127.0.0.1:5432 as postgres
#   DURATION=30 CONNECTIONS=64 bench/retention.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18086}
DB=treffpunkt_bench_retention
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked --quiet
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
trap 'psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
export DATABASE_URL
export TREFFPUNKT_JITSI_URL=https://meet.example.org TREFFPUNKT_JITSI_APP_ID=treffpunkt
export TREFFPUNKT_JITSI_SECRET=a-benchmark-secret-of-at-least-32-characters
# The job runs by hand here, not from the server's worker.
export TREFFPUNKT_MAIL_WORKER=false
target/release/treffpunkt migrate >/dev/null

echo "seeding 100,000 meetings, 200,000 invitees, 1,000,000 outbox rows, 100,000 audit entries…"
seed_started=$(date +%s)
psql -q "${DATABASE_URL}" <<'SQL'
INSERT INTO users (id, email, display_name, locale, time_zone, created_at, updated_at, organisation_id)
VALUES ('bench-organizer', 'organizer@bench.example', 'Organizer', 'de', 'Europe/Berlin',
        now(), now(), '00000000-0000-4000-8000-000000000001');
INSERT INTO meetings (id, organizer_id, title, description, starts_at, ends_at, time_zone,
                      room_name, created_at, updated_at)
SELECT 'old-' || g, 'bench-organizer', 'Vergangen ' || g, 'Tagesordnung', now() - interval '200 days',
       now() - interval '200 days' + interval '1 hour', 'Europe/Berlin', md5('room' || g), now(), now()
FROM generate_series(1, 100000) g;
INSERT INTO participants (id, meeting_id, email, role, locale, join_token_hash, created_at, updated_at,
                          meeting_starts_at, meeting_ends_at)
SELECT 'p-' || g || '-' || k, 'old-' || g, 'guest' || g || '-' || k || '@example.org', 'participant', 'de',
       md5('t' || g || '-' || k), now(), now(), now() - interval '200 days',
       now() - interval '200 days' + interval '1 hour'
FROM generate_series(1, 100000) g, generate_series(1, 2) k;
INSERT INTO outbox_jobs (id, kind, payload, state, attempts, run_at, created_at, finished_at, subject_id)
SELECT lpad(to_hex(g), 8, '0') || '-0000-7000-8000-000000000000', 'mail.invitation',
       '{"participant_id":"p-' || (g % 100000 + 1) || '-1","padding":"' || repeat('x', 240) || '"}',
       'sent', 1, now(), now() - interval '201 days',
       CASE WHEN g <= 500000 THEN now() - interval '200 days' ELSE now() - interval '30 days' END,
       CASE WHEN g % 5 = 0 THEN 'p-' || (g % 100000 + 1) || '-1' END
FROM generate_series(1, 1000000) g;
INSERT INTO audit_events (id, occurred_at, action, ip)
SELECT lpad(to_hex(g), 8, '0') || '-0000-7000-8000-00000000000a', now() - interval '8 days', 'signed_in',
       '192.0.2.' || (g % 250)
FROM generate_series(1, 100000) g;
ANALYZE;
SQL
echo "seeded in $(( $(date +%s) - seed_started )) s"

# shellcheck source=bench/common.sh
. bench/common.sh
start_server
trap 'kill "${server:-}" 2>/dev/null || true; wait "${server:-}" 2>/dev/null || true; rm -rf "$workdir"; psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
base="http://127.0.0.1:$PORT"
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)
starts=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:00Z)
curl -fsS -o "$workdir/meeting.json" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"title\":\"Lastprobe\",\"starts_at\":\"$starts\",\"duration_minutes\":60,\"participants\":[{\"email\":\"person@example.org\"}]}" \
  "$base/api/v1/meetings"
write_join_script "$workdir/meeting.json"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version') on the same machine"
rate() { awk '/^Requests\/sec/ {printf "%.0f", $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
check() { if printf '%s\n' "$1" | grep -q 'Non-2xx'; then echo "some answers were errors:" >&2; printf '%s\n' "$1" >&2; exit 1; fi; }
ms() { awk '{v=$1; if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else {sub(/s$/,"",v); print v*1000}}'; }

wrk -t2 -c"$CONNECTIONS" -d5s -s "$workdir/join.lua" "$base" >/dev/null 2>&1   # warm-up
quiet=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$workdir/join.lua" "$base" 2>&1)
check "$quiet"

# The job and the load together; the job's own report says what it did and its longest batch.
target/release/treffpunkt retention run --json >"$workdir/report.json" 2>"$workdir/report.err" &
job=$!
busy=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$workdir/join.lua" "$base" 2>&1)
check "$busy"
job_running_after_load=$(kill -0 "$job" 2>/dev/null && echo yes || echo no)
wait "$job" || { cat "$workdir/report.err" >&2; exit 1; }

quiet_rate=$(printf '%s\n' "$quiet" | rate)
busy_rate=$(printf '%s\n' "$busy" | rate)
quiet_p99=$(printf '%s\n' "$quiet" | p99)
busy_p99=$(printf '%s\n' "$busy" | p99)
echo "joins without the job:  $quiet_rate/s, p99 $quiet_p99"
echo "joins while it runs:    $busy_rate/s, p99 $busy_p99 (the job was still running when the load ended: $job_running_after_load)"
awk -v b="$(printf '%s\n' "$busy_p99" | ms)" -v q="$(printf '%s\n' "$quiet_p99" | ms)" \
    -v br="$busy_rate" -v qr="$quiet_rate" \
    'BEGIN {printf "ratio with / without the job: p99 %.2f, rate %.2f\n", b / q, br / qr}'
python3 - "$workdir/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rows = sum(s["rows"] + s["jobs"] for s in report["steps"])
seconds = report["took_ms"] / 1000
for s in report["steps"]:
    longest = s["longest_batch_ms"]
    print(f'  {s["step"]:<16} {s["rows"]:>9,} rows' + (f' (+ {s["jobs"]:,} outbox rows about them)' if s["jobs"] else '') + f', longest batch {longest:.0f} ms')
print(f'retention job: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; longest batch (lock held) {report["longest_batch_ms"]} ms')
PY
