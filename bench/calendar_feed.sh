#!/usr/bin/env bash
# The calendar feed (GET /calendar/<secret>.ics) for a person with 1,000 meetings (950 single
# meetings and 50 weekly series without end, each with one date moved), fetched as a calendar
# program does, on one connection: in full, and conditionally (If-None-Match: 304). Beside it,
# in the same run, GET /healthz on the same installation as the floor. Reports requests/s, p50
# and p99 per round and the median round.
#
# Loopback only, bounded: loading takes seconds, measuring ROUNDS × 3 × DURATION.
#
#   BACKEND=postgres bench/calendar_feed.sh   # PostgreSQL at 127.0.0.1:5432 as postgres
#   bench/calendar_feed.sh                    # SQLite in a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
SINGLE=${SINGLE:-950}
SERIES=${SERIES:-50}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18097}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

# shellcheck source=bench/installations.sh
. bench/installations.sh

start_installation feed treffpunkt_bench_feed
feed_path=$(python3 - "${port[feed]}" "${token[feed]}" "$SINGLE" "$SERIES" <<'PY'
import http.client, json, sys, datetime
port, token, single, series = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
def call(method, path, body=None, want=(200, 201)):
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    answer = conn.getresponse(); text = answer.read()
    if answer.status not in want:
        sys.exit(f"{method} {path} answered {answer.status}: {text[:300]}")
    return json.loads(text) if text else None
start = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
for n in range(single):
    at = start + datetime.timedelta(days=1, hours=4 * n)
    call("POST", "/api/v1/meetings", {"title": f"Sitzung {n}", "starts_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
         "duration_minutes": 60, "description": "1. Zahlen\n2. Fragen",
         "participants": [{"email": f"a{n % 50}@example.org"}]})
for n in range(series):
    at = start + datetime.timedelta(days=1 + n % 7, hours=n // 7)
    made = call("POST", "/api/v1/meetings", {"title": f"Jour fixe {n}", "starts_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
         "duration_minutes": 45, "timezone": "Europe/Berlin", "recurrence": {"frequency": "weekly"},
         "participants": [{"email": f"c{n}@example.org"}]})
    second = made["occurrences"][1]["recurrence_id"]
    call("PATCH", f"/api/v1/meetings/{made['id']}/occurrences/{second}", {"title": f"Jour fixe {n} (verlegt)"})
feed = call("POST", "/api/v1/me/calendar-feed/rotate", {})
print(feed["url"].split("127.0.0.1:%d" % port, 1)[1])
PY
)
if [ "$BACKEND" = postgres ]; then psql -q "$DATABASE_URL" -c ANALYZE; fi
base="http://127.0.0.1:${port[feed]}"
events=$(curl -fs "$base$feed_path" | grep -c '^BEGIN:VEVENT')
etag=$(curl -fsI "$base$feed_path" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base$feed_path")
[ "$status" = 304 ] || { echo "a conditional fetch answered $status, not 304" >&2; exit 1; }
bytes=$(curl -fs "$base$feed_path" | wc -c)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
echo "feed: $events VEVENTs (series with their moved dates), $bytes bytes"

# One round: "req/s p50-ms p99-ms"; a 304 round accepts 3xx answers.
round() {
  local path=$1 header=$2 out
  out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H "$header" "$base$path")
  if grep -q 'Non-2xx' <<<"$out" && [ "$3" != conditional ]; then echo "$path answered errors:" >&2; echo "$out" >&2; exit 1; fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       /^Requests\/sec/ {r = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {printf "%s %.2f %.2f\n", r, p50, p99}' <<<"$out"
}

declare -A results
for r in $(seq 1 "$ROUNDS"); do
  for what in healthz full conditional; do
    case $what in
      healthz) line=$(round /healthz "Accept: */*" healthz) ;;
      full) line=$(round "$feed_path" "Accept: text/calendar" full) ;;
      conditional) line=$(round "$feed_path" "If-None-Match: $etag" conditional) ;;
    esac
    echo "round $r, $what: $line (req/s p50-ms p99-ms)"
    results[$what]+="$line"$'\n'
  done
done
printf '%-12s %10s %10s %10s\n' fetch "req/s" "p50 ms" "p99 ms"
declare -A rate
for what in healthz full conditional; do
  rate[$what]=$(awk 'NF {print $1}' <<<"${results[$what]}" | median)
  printf '%-12s %10s %10s %10s\n' "$what" "${rate[$what]}" \
    "$(awk 'NF {print $2}' <<<"${results[$what]}" | median)" "$(awk 'NF {print $3}' <<<"${results[$what]}" | median)"
done
awk -v a="${rate[full]}" -v b="${rate[healthz]}" 'BEGIN {printf "ratio full feed / healthz (median rounds): %.4f\n", a / b}'
awk -v a="${rate[conditional]}" -v b="${rate[healthz]}" 'BEGIN {printf "ratio 304 / healthz (median rounds): %.4f\n", a / b}'
