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
