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

declare -A port session dir pid database
next_port=$PORT
cleanup() {
  [ ${#pid[@]} -eq 0 ] && return
  for size in "${!pid[@]}"; do kill "${pid[$size]}" 2>/dev/null || true; wait "${pid[$size]}" 2>/dev/null || true; done
  for size in "${!dir[@]}"; do rm -rf "${dir[$size]}"; done
  if [ "$BACKEND" = postgres ]; then
    for size in "${!database[@]}"; do psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS ${database[$size]} WITH (FORCE)" 2>/dev/null || true; done
  fi
}
trap cleanup EXIT

# An installation with one account holding `size` meetings, served on its own port; leaves the
# account's session cookie in session[size].
prepare() {
  local size=$1
  port[$size]=$next_port
  next_port=$((next_port + 1))
  dir[$size]=$(mktemp -d)
  if [ "$BACKEND" = postgres ]; then
    database[$size]=treffpunkt_bench_dashboard_$size
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS ${database[$size]} WITH (FORCE)" -c "CREATE DATABASE ${database[$size]}" 2>/dev/null
    export DATABASE_URL="${ADMIN_URL%/*}/${database[$size]}?sslmode=disable"
  else
    unset DATABASE_URL
  fi
  export TREFFPUNKT_DATA_DIR="${dir[$size]}" TREFFPUNKT_LOG=warn
  TREFFPUNKT_BIND="127.0.0.1:${port[$size]}" TREFFPUNKT_BASE_URL="http://127.0.0.1:${port[$size]}" \
    target/release/treffpunkt serve >"${dir[$size]}/server.log" 2>&1 &
  pid[$size]=$!
  local base="http://127.0.0.1:${port[$size]}"
  for _ in $(seq 1 50); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/healthz" >/dev/null || { echo "the server did not start:" >&2; cat "${dir[$size]}/server.log" >&2; exit 1; }
  local email="bench@city-a.example" password="a benchmark password of some length"
  printf '%s\n' "$password" | target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
  local token
  token=$(target/release/treffpunkt token create --email "$email" --name bench)
  python3 - "${port[$size]}" "$token" "$size" <<'PY'
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
  local jar="${dir[$size]}/cookies" csrf
  csrf=$(curl -fs -c "$jar" -b "$jar" "$base/sign-in" | grep -o 'name="csrf_token" value="[^"]*' | head -n 1 | sed 's/.*value="//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" "$base/sign-in"
  session[$size]=$(awk '$6 == "treffpunkt_session" {print $7}' "$jar")
  [ -n "${session[$size]}" ] || { echo "signing in for the benchmark failed" >&2; exit 1; }
}

# One round on one size: "req/s p50-ms p99-ms".
round() {
  local size=$1 out
  out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H "Cookie: treffpunkt_session=${session[$size]}" "http://127.0.0.1:${port[$size]}/")
  if grep -q 'Non-2xx' <<<"$out"; then echo "the dashboard answered errors:" >&2; echo "$out" >&2; exit 1; fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       /^Requests\/sec/ {r = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {printf "%s %.2f %.2f\n", r, p50, p99}' <<<"$out"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

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
