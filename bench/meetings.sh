#!/usr/bin/env bash
# Meeting creation: POST /api/v1/meetings with 20 participants against PostgreSQL, load generator
# (benches/create_meetings.rs) on the same machine. Reports, in one run:
#   1. the ceiling: the same transaction straight against PostgreSQL with pgbench (no HTTP, no Rust);
#   2. throughput at 32 connections as fast as they go, with its ratio to the ceiling;
#   3. latency at a fixed rate, by default half the ceiling of step 1 (p50/p99 from each request's
#      due time), and where its tail comes from: what PostgreSQL's busy backends were waiting for
#      (pg_stat_activity sampled every 20 ms), checkpoints, WAL and autovacuum during the phase,
#      and Treffpunkt's own database visits by stage (blocking thread, pooled connection, work;
#      from /metrics).
# Loopback only, bounded in time (3 × DURATION plus warm-up).
#
#   bench/meetings.sh                      # PostgreSQL at 127.0.0.1:5432 as postgres
#   ADMIN_URL=postgres://root@127.0.0.1:5432/postgres DURATION=30 bench/meetings.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-half}
# The mail worker runs elsewhere by default (`treffpunkt worker`), so the numbers are planning's
# own; MAIL_WORKER=true runs it inside the server, sending the invitations to files meanwhile.
MAIL_WORKER=${MAIL_WORKER:-false}
PORT=${PORT:-18081}
DB=treffpunkt_bench_meetings
DATABASE_URL="${ADMIN_URL%/*}/$DB"

cargo build --release --locked --quiet
cargo bench --locked --no-run --quiet --bench create_meetings 2>/dev/null

psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL TREFFPUNKT_MAIL_WORKER=$MAIL_WORKER
# shellcheck source=bench/common.sh
. bench/common.sh
start_server
export TREFFPUNKT_DATA_DIR="$workdir" TREFFPUNKT_LOG=warn
email="bench@city-a.example"
printf '%s\n' "a benchmark password of some length" |
  target/release/treffpunkt user add --email "$email" --name Bench --password-stdin >/dev/null
# Two of the invitees have accounts, so recognising internal users is part of the work.
for n in 1 2; do
  printf '%s\n' "a benchmark password of some length" |
    target/release/treffpunkt user add --email "person$n@city-$n.example" --name "Person $n" --password-stdin >/dev/null
done
export TREFFPUNKT_BENCH_TOKEN
TREFFPUNKT_BENCH_TOKEN=$(target/release/treffpunkt token create --email "$email" --name bench)
export TREFFPUNKT_BENCH_URL="http://127.0.0.1:$PORT"
user_id=$(psql -qtA "$DATABASE_URL" -c "SELECT id FROM users WHERE email = '$email'")

echo "mail worker in the server: $MAIL_WORKER"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql -qtA "$ADMIN_URL" -c 'SHOW server_version') on the same machine"

# 1. The ceiling: what the service does in SQL, one transaction per meeting, as pgbench clients.
cat >"$workdir/meeting.sql" <<SQL
BEGIN;
SELECT u.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = md5(random()::text) AND t.revoked_at IS NULL;
SELECT id FROM jitsi_servers WHERE is_default AND retired_at IS NULL LIMIT 1;
SELECT email, id, display_name, locale FROM users WHERE email IN ($(for n in $(seq 0 19); do printf "'person%s@city-%s.example'," "$n" $((n % 9)); done | sed 's/,$//')) AND disabled_at IS NULL;
INSERT INTO meetings (id, organizer_id, title, description, starts_at, ends_at, time_zone, room_name, lobby_enabled, join_minutes_before, revision, created_at, updated_at)
  VALUES (gen_random_uuid()::text, '$user_id', 'Lastprobe', 'Tagesordnung', now() + interval '1 day', now() + interval '25 hours', 'Europe/Berlin', md5(random()::text), false, 15, 0, now(), now())
  RETURNING id \gset m_
INSERT INTO participants (id, meeting_id, email, display_name, role, locale, user_id, is_organizer, link_version, join_token_hash, created_at, updated_at)
  SELECT gen_random_uuid()::text, :m_id::text, 'person' || n || '@example.org', 'Person ' || n, CASE WHEN n = 0 THEN 'moderator' ELSE 'participant' END, 'de', NULL, n = 0, 0, md5(random()::text) || md5(random()::text), now(), now()
  FROM generate_series(0, 20) AS n;
INSERT INTO outbox_jobs (id, kind, payload, state, attempts, run_at, created_at)
  SELECT gen_random_uuid()::text, 'mail.invitation', '{"meeting_id":"' || :m_id::text || '","participant_id":"x","revision":0}', 'pending', 0, now(), now()
  FROM generate_series(1, 20);
COMMIT;
SQL
pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" -f "$workdir/meeting.sql" "$DATABASE_URL" \
  >"$workdir/pgbench.log" 2>&1 || { cat "$workdir/pgbench.log" >&2; exit 1; }
ceiling=$(awk '/^tps/ {printf "%.0f", $3}' "$workdir/pgbench.log")
echo "pgbench ceiling (same SQL, $CONNECTIONS clients, ${DURATION}s): $ceiling transactions/s"

# 2. Throughput over HTTP, after a short warm-up.
cargo bench --locked --quiet --bench create_meetings -- closed "$CONNECTIONS" 5 >/dev/null
closed=$(cargo bench --locked --quiet --bench create_meetings -- closed "$CONNECTIONS" "$DURATION")
echo "$closed"
throughput=$(sed -n 's/.*throughput=\([0-9]*\).*/\1/p' <<<"$closed" | head -n 1)
echo "ratio to the pgbench ceiling: $(awk -v a="$throughput" -v b="$ceiling" 'BEGIN {printf "%.2f", a / b}')"

# 3. Latency at a fixed rate, with what happened meanwhile.
[ "$RATE" = half ] && RATE=$((ceiling / 2))
stats() {
  psql -qtA -F ' ' "$DATABASE_URL" -c "SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_backend_fsync FROM pg_stat_bgwriter" \
    -c "SELECT wal_records, wal_bytes, wal_buffers_full, wal_write, wal_sync FROM pg_stat_wal" \
    -c "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables"
}
before=$(stats)
curl -fs "http://127.0.0.1:$PORT/metrics" >"$workdir/metrics.before"
# The sampler: every 20 ms, what each busy backend of this database waits for (or CPU).
samples=$((DURATION * 50))
psql -qtA -F ' ' "$DATABASE_URL" >"$workdir/waits" 2>&1 <<SQL &
CREATE TEMP TABLE waits (kind text, event text);
DO \$\$ BEGIN
  FOR i IN 1..$samples LOOP
    PERFORM pg_stat_clear_snapshot();
    INSERT INTO waits SELECT coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running')
      FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid();
    PERFORM pg_sleep(0.02);
  END LOOP;
END \$\$;
SELECT kind, event, count(*), round(100.0 * count(*) / sum(count(*)) OVER (), 1) FROM waits GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8;
SQL
sampler=$!
cargo bench --locked --quiet --bench create_meetings -- rate "$RATE" "$DURATION"
wait "$sampler"
curl -fs "http://127.0.0.1:$PORT/metrics" >"$workdir/metrics.after"
after=$(stats)
echo "during the fixed rate:"
paste -d ' ' <(tr '\n' ' ' <<<"$before") <(tr '\n' ' ' <<<"$after") | awk '{n = NF / 2
  printf "  checkpoints: %d timed, %d requested (%d buffers written; %d fsyncs by backends)\n", $(n+1) - $1, $(n+2) - $2, $(n+3) - $3, $(n+4) - $4
  printf "  WAL: %d records, %.0f MB, %d times the WAL buffers were full, %d writes, %d syncs\n", $(n+5) - $5, ($(n+6) - $6) / 1e6, $(n+7) - $7, $(n+8) - $8, $(n+9) - $9
  printf "  autovacuum and autoanalyze runs: %d\n", $(n+10) - $10}'
echo "  busy PostgreSQL backends were (share of samples):"
awk 'NF == 4 {printf "    %-10s %-22s %5s %%\n", $1, $2, $4}' "$workdir/waits"
echo "  Treffpunkt's database visits and requests (from /metrics; upper bucket bounds):"
python3 - "$workdir/metrics.before" "$workdir/metrics.after" <<'PY'
import re, sys
def buckets(path):
    found = {}
    for line in open(path):
        m = re.match(r'(\w+)_bucket\{(.*)\} (\S+)', line)
        if m:
            labels = re.sub(r',?le="[^"]*"', '', m.group(2))
            le = re.search(r'le="([^"]*)"', m.group(2)).group(1)
            found.setdefault((m.group(1), labels), []).append((float(le), float(m.group(3))))
    return found
before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
wanted = [("treffpunkt_db_thread_wait_seconds", ""), ("treffpunkt_db_checkout_seconds", ""),
          ("treffpunkt_db_work_seconds", ""),
          ("treffpunkt_http_request_duration_seconds", 'method="POST",route="/api/v1/meetings"')]
for key in wanted:
    old = dict(before.get(key, []))
    rows = [(le, n - old.get(le, 0)) for le, n in after.get(key, [])]
    total = rows[-1][1] if rows else 0
    if not total:
        continue
    def q(p):
        return next(le for le, n in rows if n >= p * total)
    fmt = lambda s: "over 1.6 s" if s == float("inf") else f"{s * 1000:.2f} ms"
    print(f"    {key[0].removeprefix('treffpunkt_')}: {int(total)} observed, p50 ≤ {fmt(q(0.5))}, p99 ≤ {fmt(q(0.99))}")
PY
echo "meetings stored: $(psql -qtA "$DATABASE_URL" -c 'SELECT count(*) FROM meetings'), outbox rows: $(psql -qtA "$DATABASE_URL" -c 'SELECT count(*) FROM outbox_jobs')"
