#!/usr/bin/env bash
# The Jitsi hooks under load, against PostgreSQL, with wrk on the same machine. In one run:
#   1. the floor: GET /healthz, a trivial handler behind the same middleware, same connections;
#   2. event ingestion: POST /jitsi/events/occupant/joined as jitsi-contrib's event_sync sends
#      it, 200 meetings with 50 invitees each joining (10,000 distinct joins, each matched to its
#      invitee by context.user.id; past the 10,000th the same events come again, as the
#      component's retries would): events per second and latency, with the ratio to the floor;
#   3. the conference mapper on one connection, by room (Jitsi's web client) and by PIN (a
#      voice menu): latency.
# Loopback only, bounded in time (3 × DURATION plus warm-up).
#
#   bench/jitsi_hooks.sh
#   ADMIN_URL=postgres://root@127.0.0.1:5432/postgres DURATION=20 CONNECTIONS=32 bench/jitsi_hooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18086}
DB=treffpunkt_bench_hooks
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
MUC=conference.meet.example.org
TOKEN=a-benchmark-events-token-of-at-least-32-characters
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked --quiet
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL
export TREFFPUNKT_JITSI_URL=https://meet.example.org TREFFPUNKT_JITSI_APP_ID=treffpunkt
export TREFFPUNKT_JITSI_SECRET=a-benchmark-secret-of-at-least-32-characters
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
printf '%s' "$TOKEN" | target/release/treffpunkt server update meet.example.org \
  --muc-domain "$MUC" --events-token-file - >/dev/null

# 200 meetings open now, 50 invitees each: the file lists "<room> <participant id>" per invitee.
starts=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:00Z)
participants=$(for n in $(seq 1 50); do printf '{"email":"person%s@example.org"},' "$n"; done | sed 's/,$//')
: >"$workdir/joins.txt"
for _ in $(seq 1 200); do
  curl -fsS -o "$workdir/meeting.json" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Lastprobe\",\"starts_at\":\"$starts\",\"duration_minutes\":60,\"participants\":[$participants]}" \
    "$base/api/v1/meetings"
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); [print(m["room"], p["id"]) for p in m["participants"] if not p["email"].startswith("bench@")]' \
    "$workdir/meeting.json" >>"$workdir/joins.txt"
done
[ "$(wc -l <"$workdir/joins.txt")" = 10000 ] || { echo "expected 10,000 invitees" >&2; exit 1; }
room=$(head -n 1 "$workdir/joins.txt" | cut -d' ' -f1)
pin=$(psql -qtA "$DATABASE_URL" -c "SELECT dial_in_pin FROM meetings WHERE room_name = '$room'")

cat >"$workdir/joins.lua" <<LUA
-- Each thread walks its own half of the invitees; an event as event_sync builds it.
local joins = {}
for line in io.lines("$workdir/joins.txt") do
  local room, id = line:match("(%S+) (%S+)")
  joins[#joins + 1] = { room = room, id = id }
end
local counter = 0
local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end
function init(args)
  counter = first
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
function request()
  local join = joins[(counter % #joins) + 1]
  counter = counter + 2
  local body = string.format(
    '{"event_name":"muc-occupant-joined","is_breakout":false,"room_name":"%s","room_jid":"%s@$MUC","active_occupants_count":1,"occupant":{"occupant_jid":"%s@meet.example.org/bench","joined_at":1700000000,"name":"Person","email":"person@example.org","id":"%s"}}',
    join.room, join.room, join.id, join.id)
  return wrk.format(nil, "/jitsi/events/occupant/joined", nil, body)
end
LUA
# The exact event wrk sends must be recorded.
line=$(head -n 1 "$workdir/joins.txt")
probe=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"event_name\":\"muc-occupant-joined\",\"room_name\":\"${line% *}\",\"occupant\":{\"occupant_jid\":\"probe@meet.example.org/x\",\"joined_at\":1700000000,\"id\":\"${line#* }\"}}" \
  "$base/jitsi/events/occupant/joined")
case "$probe" in *'"recorded":true'*) ;; *) echo "an event answered $probe" >&2; exit 1 ;; esac

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version') on the same machine"
rate() { awk '/^Requests\/sec/ {printf "%.0f", $2}'; }
p() { awk -v q="$1" '$1 == q {print $2}'; }
check() { if printf '%s\n' "$1" | grep -qE 'Non-2xx|Socket errors'; then echo "some answers were errors:" >&2; printf '%s\n' "$1" >&2; exit 1; fi; }

wrk -t2 -c"$CONNECTIONS" -d3s "$base/healthz" >/dev/null 2>&1   # warm-up
floor=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/healthz" 2>&1)
events=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$workdir/joins.lua" "$base" 2>&1)
by_room=$(wrk -t1 -c1 -d"${DURATION}s" --latency "$base/jitsi/conference-mapper?conference=$room@$MUC" 2>&1)
by_pin=$(wrk -t1 -c1 -d"${DURATION}s" --latency "$base/jitsi/conference-mapper?id=$pin" 2>&1)
for run in "$floor" "$events" "$by_room" "$by_pin"; do check "$run"; done
printf '%s' "$(curl -fsS "$base/jitsi/conference-mapper?id=$pin")" | grep -q "\"conference\":\"$room@$MUC\"" ||
  { echo "the PIN did not map to its room" >&2; exit 1; }
stays=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM room_stays")
floor_rate=$(printf '%s\n' "$floor" | rate)
event_rate=$(printf '%s\n' "$events" | rate)
echo "GET /healthz (floor),               $CONNECTIONS connections, ${DURATION}s: $floor_rate/s, p50 $(printf '%s\n' "$floor" | p 50%), p99 $(printf '%s\n' "$floor" | p 99%)"
echo "POST /jitsi/events/occupant/joined, $CONNECTIONS connections, ${DURATION}s: $event_rate/s, p50 $(printf '%s\n' "$events" | p 50%), p99 $(printf '%s\n' "$events" | p 99%); $stays stays recorded (10,000 distinct joins + the probe)"
awk -v e="$event_rate" -v f="$floor_rate" 'BEGIN {printf "ratio events / floor: %.2f\n", e / f}'
echo "GET conference-mapper?conference=,  1 connection, ${DURATION}s: $(printf '%s\n' "$by_room" | rate)/s, p50 $(printf '%s\n' "$by_room" | p 50%), p99 $(printf '%s\n' "$by_room" | p 99%)"
echo "GET conference-mapper?id=<PIN>,     1 connection, ${DURATION}s: $(printf '%s\n' "$by_pin" | rate)/s, p50 $(printf '%s\n' "$by_pin" | p 50%), p99 $(printf '%s\n' "$by_pin" | p 99%)"
