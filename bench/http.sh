#!/usr/bin/env bash
# HTTP baseline: requests per second and latency of the endpoints, each as a ratio to /healthz
# (no I/O at all) measured in the same run. Loopback only, bounded in time. The signed-in paths
# use an account the script creates: /api/v1/me and /api/v1/meetings with an API token, /settings
# and the dashboard with a session cookie.
#
#   bench/http.sh                       # SQLite in a temporary folder
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/treffpunkt_bench bench/http.sh
#
# Needs wrk (Debian package `wrk`). Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

# shellcheck source=bench/common.sh
. bench/common.sh
start_server

# An account, an API token and a signed-in session for the authenticated paths.
email="bench-$$@example.org"
password="a benchmark password of some length"
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
printf '%s\n' "$password" | target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email "$email" --name bench)
jar="$workdir/cookies"
csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/sign-in" | grep -o 'name="csrf_token" value="[^"]*' | head -n 1 | sed 's/.*value="//')
curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" \
  --data-urlencode "password=$password" "http://127.0.0.1:$PORT/sign-in"
session=$(awk '$6 == "treffpunkt_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "signing in for the benchmark failed" >&2; exit 1; }

# A dashboard with something on it: 30 meetings of 5 invitees over the coming days.
for n in $(seq 1 30); do
  day=$(date -u -d "+$(( n % 10 + 1 )) days" +%F)
  curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$PORT/api/v1/meetings" -d "{\"title\": \"Meeting $n\", \"starts_at\": \"${day}T09:00:00Z\",
      \"duration_minutes\": 60, \"participants\": [$(for i in 1 2 3 4 5; do printf '{"email": "p%s@example.org"},' "$i"; done | sed 's/,$//')]}"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: ${DATABASE_URL:-sqlite}"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (load generator on the same machine)"
printf '%-14s %12s %10s %10s %12s\n' path "req/s" "p50" "p99" "vs /healthz"
baseline=""
# `/?past_page=1` is the signed-in dashboard; `/` the anonymous landing page.
for path in /healthz /readyz / /api/v1/me /settings /?past_page=1 /api/v1/meetings; do
  case $path in
    /api/v1/*) auth="Authorization: Bearer $token" ;;
    /settings | /\?*) auth="Cookie: treffpunkt_session=$session" ;;
    *) auth="X-Bench: anonymous" ;;
  esac
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Language: de' -H "$auth" "http://127.0.0.1:$PORT$path")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  [ -n "$baseline" ] || baseline=$rps
  ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN {printf "%.2f", a / b}')
  printf '%-14s %12s %10s %10s %12s\n' "$path" "$rps" "$p50" "$p99" "$ratio"
  [ -z "$errors" ] || echo "  $errors"
done
