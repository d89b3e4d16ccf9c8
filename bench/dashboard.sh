#!/usr/bin/env bash
# The dashboard's cost as an account's history grows: GET / (signed in) on one connection, with
# 100 and with 10,000 meetings in the account, on SQLite or PostgreSQL. Reports requests/s, p50
# and p99 per size and the ratio 10,000 / 100.
#
# Both installations are loaded first and run side by side; the measurement then alternates
# between them, ROUNDS times DURATION seconds each, and reports each size's median round. On two
# shared cores one 10-second run of the same server varies by a third; alternating rounds puts
# both sizes under the same weather. Meetings are planned through the API (two invitees each),
# spread over the coming years, since the API plans nothing in the past; on PostgreSQL the tables
# are then analyzed, as autovacuum would have done by then. Loopback only, bounded: planning
# 10,000 meetings takes about a minute, the measurement ROUNDS × 2 × DURATION seconds.
#
#   bench/dashboard.sh                        # SQLite in temporary folders
#   BACKEND=postgres bench/dashboard.sh       # PostgreSQL at 127.0.0.1:5432 as postgres
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
SMALL=${SMALL:-100}
LARGE=${LARGE:-10000}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18084}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

# shellcheck source=bench/installations.sh
. bench/installations.sh

# An installation with one account holding `size` meetings, served on its own port.
prepare() {
  local size=$1
  start_installation "$size" "treffpunkt_bench_dashboard_$size"
  python3 - "${port[$size]}" "${token[$size]}" "$size" <<'PY'
import http.client, json, sys, datetime
port, token, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port)
start = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
for n in range(size):
    # From tomorrow on, every 4 hours: 10,000 meetings reach about 4.5 years ahead.
    at = start + datetime.timedelta(days=1, hours=4 * n)
    body = json.dumps({"title": f"Sitzung {n}", "starts_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "duration_minutes": 60,
                       "participants": [{"email": f"a{n % 50}@example.org"}, {"email": f"b{n % 70}@example.org"}]})
    conn.request("POST", "/api/v1/meetings", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    answer = conn.getresponse(); answer.read()
    if answer.status != 201:
        sys.exit(f"planning meeting {n} answered {answer.status}")
PY
  sign_in_installation "$size"
}

# One round on one size: "req/s p50-ms p99-ms".
round() { wrk_round "$1" "Cookie: treffpunkt_session=${session[$1]}" /; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
prepare "$SMALL"
prepare "$LARGE"
declare -A results
for r in $(seq 1 "$ROUNDS"); do
  for size in "$SMALL" "$LARGE"; do
    line=$(round "$size")
    echo "round $r, $size meetings: $line (req/s p50-ms p99-ms)"
    results[$size]+="$line"$'\n'
  done
done
printf '%-9s %10s %10s %10s\n' meetings "req/s" "p50 ms" "p99 ms"
declare -A rate
for size in "$SMALL" "$LARGE"; do
  rate[$size]=$(awk 'NF {print $1}' <<<"${results[$size]}" | median)
  printf '%-9s %10s %10s %10s\n' "$size" "${rate[$size]}" \
    "$(awk 'NF {print $2}' <<<"${results[$size]}" | median)" "$(awk 'NF {print $3}' <<<"${results[$size]}" | median)"
done
awk -v a="${rate[$LARGE]}" -v b="${rate[$SMALL]}" -v big="$LARGE" -v small="$SMALL" \
  'BEGIN {printf "ratio %s / %s meetings (median rounds): %.2f\n", big, small, a / b}'
