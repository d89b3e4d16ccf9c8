#!/usr/bin/env bash
# From planning to the SMTP server: plans N meetings with one invitee each, one at a time through
# the API, and times each invitation from the 201 answer to its arrival at a minimal SMTP sink
# (in this script) — the path outbox → NOTIFY after the commit → LISTEN → worker → SMTP. On
# PostgreSQL; the floor is 1 s. Loopback only, bounded (N × at most 10 s).
#
#   bench/invitation_latency.sh            # 20 invitations, PostgreSQL at 127.0.0.1:5432
#   N=50 bench/invitation_latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
N=${N:-20}
PORT=${PORT:-18086}
SMTP_PORT=${SMTP_PORT:-2526}
DB=treffpunkt_bench_latency
cargo build --release --locked --quiet

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null
export DATABASE_URL="${ADMIN_URL%/*}/$DB?sslmode=disable" TREFFPUNKT_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
# shellcheck source=bench/common.sh
. bench/common.sh
start_server
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email bench@city-a.example --name Bench --password-stdin >/dev/null
token=$(target/release/treffpunkt token create --email bench@city-a.example --name bench)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); PostgreSQL on the same machine"
python3 - "$PORT" "$token" "$N" "$SMTP_PORT" <<'PY'
import asyncio, datetime, http.client, json, sys, time
port, token, n, smtp_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
arrivals = []

async def session(reader, writer):
    """Just enough SMTP for the worker: every command accepted, each message's end noted."""
    writer.write(b"220 sink\r\n")
    in_data = False
    try:
        while line := await reader.readline():
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    arrivals.append(time.monotonic())
                    writer.write(b"250 ok\r\n")
            elif line[:4].upper() == b"DATA":
                in_data = True
                writer.write(b"354 go on\r\n")
            elif line[:4].upper() == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
    except (asyncio.CancelledError, ConnectionError):
        pass
    writer.close()

def plan(i):
    at = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:00:00Z")
    body = json.dumps({"title": f"Probe {i}", "starts_at": at, "duration_minutes": 30,
                       "participants": [{"email": f"person{i}@example.org"}]})
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/api/v1/meetings", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    answer = conn.getresponse(); answer.read()
    if answer.status != 201:
        sys.exit(f"planning answered {answer.status}")

async def main():
    await asyncio.start_server(session, "127.0.0.1", smtp_port)
    latencies = []
    for i in range(n):
        before = len(arrivals)
        await asyncio.to_thread(plan, i)
        planned = time.monotonic()
        # The invitation and the organizer's copy: the first to arrive counts.
        while len(arrivals) == before and time.monotonic() - planned < 10:
            await asyncio.sleep(0.001)
        if len(arrivals) == before:
            sys.exit(f"invitation {i} did not arrive within 10 s")
        latencies.append((arrivals[before] - planned) * 1000)
        await asyncio.sleep(0.5)  # let the copy go out too
    latencies.sort()
    print(f"{n} meetings, planning (201) → first mail at the SMTP server: "
          f"p50 {latencies[n // 2]:.0f} ms, max {latencies[-1]:.0f} ms (floor: 1,000 ms)")

asyncio.run(main())
PY
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
psql -q "$ADMIN_URL" -c "DROP DATABASE $DB WITH (FORCE)"
