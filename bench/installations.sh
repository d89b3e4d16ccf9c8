# Shared by bench/dashboard.sh, bench/series.sh and the others (sourced, not run): several installations
# served side by side, each with one signed-in account, on SQLite or PostgreSQL.
#
# Expects BACKEND (sqlite|postgres), ADMIN_URL, PORT and a release build. Fills, per name:
# port, dir, pid, database, token (the account's API token) and session (its cookie).

declare -A port session token dir pid database
next_port=$PORT
BENCH_EMAIL="bench@city-a.example"
BENCH_PASSWORD="a benchmark password of some length"

stop_installations() {
  [ ${#pid[@]} -eq 0 ] && return
  for name in "${!pid[@]}"; do kill "${pid[$name]}" 2>/dev/null || true; wait "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!dir[@]}"; do rm -rf "${dir[$name]}"; done
  if [ "$BACKEND" = postgres ]; then
    for name in "${!database[@]}"; do psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS ${database[$name]} WITH (FORCE)" 2>/dev/null || true; done
  fi
}
trap stop_installations EXIT

# start_installation NAME DATABASE: a fresh installation (a new PostgreSQL database DATABASE,
# or SQLite in its folder) served on the next port, with the bench account and its API token.
start_installation() {
  local name=$1
  port[$name]=$next_port
  next_port=$((next_port + 1))
  dir[$name]=$(mktemp -d)
  if [ "$BACKEND" = postgres ]; then
    database[$name]=$2
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" 2>/dev/null
    export DATABASE_URL="${ADMIN_URL%/*}/$2?sslmode=disable"
  else
    unset DATABASE_URL
  fi
  export TREFFPUNKT_DATA_DIR="${dir[$name]}" TREFFPUNKT_LOG=warn
  TREFFPUNKT_BIND="127.0.0.1:${port[$name]}" TREFFPUNKT_BASE_URL="http://127.0.0.1:${port[$name]}" \
    target/release/treffpunkt serve >"${dir[$name]}/server.log" 2>&1 &
  pid[$name]=$!
  local base="http://127.0.0.1:${port[$name]}"
  for _ in $(seq 1 50); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/healthz" >/dev/null || { echo "the server did not start:" >&2; cat "${dir[$name]}/server.log" >&2; exit 1; }
  printf '%s\n' "$BENCH_PASSWORD" | target/release/treffpunkt user add --email "$BENCH_EMAIL" --name Bench --password-stdin >/dev/null
  token[$name]=$(target/release/treffpunkt token create --email "$BENCH_EMAIL" --name bench)
}

# sign_in_installation NAME: statistics as autovacuum keeps them in a running installation
# (right after a bulk load the planner still thinks the account has a handful of meetings),
# then the bench account's session cookie in session[NAME].
sign_in_installation() {
  local name=$1 base="http://127.0.0.1:${port[$1]}" jar="${dir[$1]}/cookies" csrf
  if [ "$BACKEND" = postgres ]; then psql -q "$DATABASE_URL" -c ANALYZE; fi
  csrf=$(curl -fs -c "$jar" -b "$jar" "$base/sign-in" | grep -o 'name="csrf_token" value="[^"]*' | head -n 1 | sed 's/.*value="//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$BENCH_EMAIL" \
    --data-urlencode "password=$BENCH_PASSWORD" "$base/sign-in"
  session[$name]=$(awk '$6 == "treffpunkt_session" {print $7}' "$jar")
  [ -n "${session[$name]}" ] || { echo "signing in for the benchmark failed" >&2; exit 1; }
}

# One wrk round of GET PATH with HEADER on NAME: "req/s p50-ms p99-ms".
wrk_round() {
  local name=$1 header=$2 path=$3 out
  out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H "$header" "http://127.0.0.1:${port[$name]}$path")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$path answered errors:" >&2; echo "$out" >&2; exit 1; fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
       /^Requests\/sec/ {r = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {printf "%s %.2f %.2f\n", r, p50, p99}' <<<"$out"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
