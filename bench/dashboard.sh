#!/usr/bin/env bash
# The dashboard's cost as an account's history grows: GET / (signed in) on one connection, with
# 100 and with 10,000 meetings in the account, on SQLite or PostgreSQL. Reports requests/s, p50
# and p99 per size and the ratio 10,000 / 100. Meetings are planned through the API (two invitees
# each), spread over the coming years, since the API plans nothing in the past; on PostgreSQL the
# tables are then analyzed, as autovacuum would have done by then. Loopback only,
# bounded: planning 10,000 meetings takes about a minute, each measurement DURATION seconds.
#
#   bench/dashboard.sh                        # SQLite in a temporary folder
#   BACKEND=postgres bench/dashboard.sh       # PostgreSQL at 127.0.0.1:5432 as postgres
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
SIZES=${SIZES:-100 10000}
DURATION=${DURATION:-10}
PORT=${PORT:-18084}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=treffpunkt_bench_dashboard
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
printf '%-9s %10s %10s %10s\n' meetings "req/s" "p50" "p99"
declare -A rate
for size in $SIZES; do
  if [ "$BACKEND" = postgres ]; then
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null
    export DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
  else
    unset DATABASE_URL
  fi
  # shellcheck source=bench/common.sh
  . bench/common.sh
  start_server
  export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
  email="bench@city-a.example"
  password="a benchmark password of some length"
  printf '%s\n' "$password" | target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
  token=$(target/release/treffpunkt token create --email "$email" --name bench)
  python3 - "$PORT" "$token" "$size" <<'PY'
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
  # Statistics as autovacuum keeps them in a running installation: right after a bulk load the
  # planner still thinks the account has a handful of meetings and picks a plan for that.
  if [ "$BACKEND" = postgres ]; then psql -q "$DATABASE_URL" -c ANALYZE; fi
  jar="$workdir/cookies"
  csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/sign-in" | grep -o 'name="csrf_token" value="[^"]*' | head -n 1 | sed 's/.*value="//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" "http://127.0.0.1:$PORT/sign-in"
  session=$(awk '$6 == "treffpunkt_session" {print $7}' "$jar")
  [ -n "$session" ] || { echo "signing in for the benchmark failed" >&2; exit 1; }
  out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H "Cookie: treffpunkt_session=$session" "http://127.0.0.1:$PORT/")
  if grep -q 'Non-2xx' <<<"$out"; then echo "the dashboard answered errors:" >&2; echo "$out" >&2; exit 1; fi
  rate[$size]=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  printf '%-9s %10s %10s %10s\n' "$size" "${rate[$size]}" "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$workdir"
  trap - EXIT
done
set -- $SIZES
[ $# -eq 2 ] && awk -v a="${rate[$2]}" -v b="${rate[$1]}" -v big="$2" -v small="$1" 'BEGIN {printf "ratio %s / %s meetings: %.2f\n", big, small, a / b}'
