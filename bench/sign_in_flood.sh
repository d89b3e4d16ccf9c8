#!/usr/bin/env bash
# Does a flood of wrong passwords slow everybody else? `/api/v1/me` (a token look-up in the
# database) measured alone, then again while wrk floods POST /sign-in with wrong passwords, each
# of which is really checked (the attempt limits are raised for the run). Password checks run on
# hashing threads of their own (accounts::hashing); if they ran on the database's blocking
# threads, /api/v1/me would queue behind them. Reports both latencies and their ratio, and the
# checks per second the flood got. PostgreSQL, loopback only, bounded in time.
#
#   bench/sign_in_flood.sh
#   ADMIN_URL=postgres://root@127.0.0.1:5432/postgres DURATION=20 bench/sign_in_flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${DURATION:-15}
PORT=${PORT:-18083}
DB=treffpunkt_bench_flood
DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked --quiet
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
# Every wrong password of the flood must reach argon2, not a 429.
export DATABASE_URL TREFFPUNKT_SIGN_IN_MAX_FAILURES=1000 TREFFPUNKT_SIGN_IN_MAX_FAILURES_PER_IP=100000
# shellcheck source=bench/common.sh
. bench/common.sh
start_server
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
base="http://127.0.0.1:$PORT"
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)

# The flood's form: a session cookie and its CSRF token, then the same wrong password again and again.
jar="$workdir/cookies"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/sign-in" | grep -o 'name="csrf_token" value="[^"]*' | head -n 1 | sed 's/.*value="//')
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {print $6 "=" $7}' | head -n 1)
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" \
  --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" --data-urlencode "password=wrong guess" "$base/sign-in")
[ "$status" = 401 ] || { echo "a wrong sign-in answered $status, not 401" >&2; exit 1; }
cat >"$workdir/flood.lua" <<LUA
wrk.method = "POST"
wrk.body = "csrf_token=$csrf&email=bench%40city-a.example&password=wrong+guess"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
LUA

me() {
  wrk -t1 -c8 -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$base/api/v1/me"
}
field() { awk -v k="$1" '$1 == k {print $2}'; }
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: PostgreSQL"
alone=$(me)
wrk -t1 -c32 -d"$((DURATION + 2))s" -s "$workdir/flood.lua" "$base/sign-in" >"$workdir/flood.out" &
flood=$!
sleep 1
during=$(me)
wait "$flood"
a50=$(field 50% <<<"$alone" | ms); a99=$(field 99% <<<"$alone" | ms)
d50=$(field 50% <<<"$during" | ms); d99=$(field 99% <<<"$during" | ms)
checks=$(awk '/^Requests\/sec/ {print $2}' "$workdir/flood.out")
printf '%-28s %10s %10s %10s\n' "" "req/s" "p50 ms" "p99 ms"
printf '%-28s %10s %10s %10s\n' "/api/v1/me alone" "$(awk '/^Requests\/sec/ {print $2}' <<<"$alone")" "$a50" "$a99"
printf '%-28s %10s %10s %10s\n' "/api/v1/me during the flood" "$(awk '/^Requests\/sec/ {print $2}' <<<"$during")" "$d50" "$d99"
printf 'wrong passwords checked: %s/s (32 connections); p50 ratio during/alone: %s\n' "$checks" \
  "$(awk -v a="$a50" -v d="$d50" 'BEGIN {printf "%.1f", d / a}')"
grep -h 'Non-2xx' "$workdir/flood.out" || true
