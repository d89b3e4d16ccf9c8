# Shared by the bench scripts (sourced, not run): a release server in a temporary folder.

# Starts target/release/treffpunkt on 127.0.0.1:$PORT with its data in $workdir (created here,
# removed on exit with the server) and waits until it answers.
start_server() {
  workdir=$(mktemp -d)
  trap 'kill "${server:-}" 2>/dev/null || true; wait "${server:-}" 2>/dev/null || true; rm -rf "$workdir"' EXIT
  TREFFPUNKT_BIND="127.0.0.1:$PORT" TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn \
    TREFFPUNKT_BASE_URL="http://127.0.0.1:$PORT" target/release/treffpunkt serve >"$workdir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the server did not start:" >&2
  cat "$workdir/server.log" >&2
  exit 1
}

# Writes $workdir/join.lua: wrk posting the join form of the first invitee of the meeting in
# the API answer at $1 (a session cookie and CSRF token taken from its join page), after
# checking that exactly this request leads into the room. Needs $base.
write_join_script() {
  local link path page csrf cookie status
  link=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["participants"][0]["join_url"])' "$1")
  path=${link#"$base"}
  page=$(curl -fsS -c "$workdir/cookies" "$link")
  csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
  # The session cookie is HttpOnly, which curl's jar marks with a "#HttpOnly_" prefix.
  cookie=$(sed 's/^#HttpOnly_//' "$workdir/cookies" | awk '!/^#/ && NF >= 7 {print $6 "=" $7}' | head -n 1)
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" --data "csrf_token=$csrf&name=Bench" "$link")
  [ "$status" = 303 ] || { echo "a join answered $status, not 303" >&2; exit 1; }
  cat >"$workdir/join.lua" <<LUA
wrk.method = "POST"
wrk.path = "$path"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
wrk.body = "csrf_token=$csrf&name=Bench"
LUA
}
