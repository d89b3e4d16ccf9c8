#!/usr/bin/env bash
# Series on a person's agenda: the dashboard (GET /, signed in) and the API list
# (GET /api/v1/meetings) on one connection, for a person with 500 single meetings and 50 weekly
# series without end, beside the same person's pages without the series. Reports requests/s,
# p50 and p99 per page and installation, and the ratio with / without series.
#
# Both installations are loaded first (through the API: meetings from tomorrow on, every 4 hours;
# series weekly from tomorrow, one per hour of the first days) and served side by side; the
# measurement alternates between them, ROUNDS times DURATION seconds per page, and reports the
# median round. Loopback only, bounded: loading takes seconds, measuring ROUNDS × 4 × DURATION.
#
#   BACKEND=postgres bench/series.sh      # PostgreSQL at 127.0.0.1:5432 as postgres (the goal)
#   bench/series.sh                       # SQLite in temporary folders
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
SINGLE=${SINGLE:-500}
SERIES=${SERIES:-50}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18094}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

# shellcheck source=bench/installations.sh
. bench/installations.sh

# An installation named `name` with one account holding $SINGLE meetings and `series` series.
prepare() {
  local name=$1 series=$2
  start_installation "$name" "treffpunkt_bench_series_$name"
  python3 - "${port[$name]}" "${token[$name]}" "$SINGLE" "$series" <<'PY'
import http.client, json, sys, datetime
port, token, single, series = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
start = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
def plan(body):
    conn.request("POST", "/api/v1/meetings", json.dumps(body),
                 {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    answer = conn.getresponse(); text = answer.read()
    if answer.status != 201:
        sys.exit(f"planning answered {answer.status}: {text[:300]}")
for n in range(single):
    at = start + datetime.timedelta(days=1, hours=4 * n)
    plan({"title": f"Sitzung {n}", "starts_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_minutes": 60,
          "participants": [{"email": f"a{n % 50}@example.org"}, {"email": f"b{n % 70}@example.org"}]})
for n in range(series):
    at = start + datetime.timedelta(days=1 + n % 7, hours=n // 7)
    plan({"title": f"Jour fixe {n}", "starts_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_minutes": 45,
          "timezone": "Europe/Berlin", "recurrence": {"frequency": "weekly"},
          "participants": [{"email": f"c{n}@example.org"}]})
PY
  sign_in_installation "$name"
}

# One round of one page on one installation: "req/s p50-ms p99-ms".
round() {
  if [ "$2" = dashboard ]; then
    wrk_round "$1" "Cookie: treffpunkt_session=${session[$1]}" /
  else
    wrk_round "$1" "Authorization: Bearer ${token[$1]}" /api/v1/meetings
  fi
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
prepare plain 0
prepare series "$SERIES"
# Sanity: the series installation lists the series' dates.
curl -fs -H "Authorization: Bearer ${token[series]}" "http://127.0.0.1:${port[series]}/api/v1/meetings?per_page=100" \
  | grep -q '"recurrence_id"' || { echo "the series' dates are not listed" >&2; exit 1; }
declare -A results
for r in $(seq 1 "$ROUNDS"); do
  for page in dashboard api; do
    for name in plain series; do
      line=$(round "$name" "$page")
      echo "round $r, $page, $name: $line (req/s p50-ms p99-ms)"
      results[$page-$name]+="$line"$'\n'
    done
  done
done
printf '%-10s %-7s %10s %10s %10s\n' page agenda "req/s" "p50 ms" "p99 ms"
declare -A rate
for page in dashboard api; do
  for name in plain series; do
    key=$page-$name
    rate[$key]=$(awk 'NF {print $1}' <<<"${results[$key]}" | median)
    printf '%-10s %-7s %10s %10s %10s\n' "$page" "$name" "${rate[$key]}" \
      "$(awk 'NF {print $2}' <<<"${results[$key]}" | median)" "$(awk 'NF {print $3}' <<<"${results[$key]}" | median)"
  done
  awk -v a="${rate[$page-series]}" -v b="${rate[$page-plain]}" -v p="$page" \
    'BEGIN {printf "ratio %s with / without %s series (median rounds): %.2f\n", p, '"$SERIES"', a / b}'
done
