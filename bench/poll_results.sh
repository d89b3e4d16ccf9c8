#!/usr/bin/env bash
# A date poll's results page for its organizer (GET /polls/<id>, signed in) with 60 proposed
# times and 200 people who all answered (12,000 answers), on one connection; beside it, in the
# same run, GET /healthz as the floor, and the same poll through the API (GET /api/v1/polls/<id>).
# Reports requests/s, p50 and p99 per round and the median round.
#
# The poll is made through the API; the answers are written straight into the database (the
# answer page takes one person per request, and personal links are secrets derived from the
# server key). Loopback only, bounded: loading takes seconds, measuring ROUNDS × 3 × DURATION.
#
#   BACKEND=postgres bench/poll_results.sh    # PostgreSQL at 127.0.0.1:5432 as postgres
#   bench/poll_results.sh                     # SQLite in a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${BACKEND:-sqlite}
PROPOSALS=${PROPOSALS:-60}
PEOPLE=${PEOPLE:-200}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18101}
ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet

# shellcheck source=bench/installations.sh
. bench/installations.sh

start_installation poll treffpunkt_bench_poll
poll_id=$(python3 - "${port[poll]}" "${token[poll]}" "$PROPOSALS" "$PEOPLE" <<'PY'
import http.client, json, sys, datetime
port, token, proposals, people = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
start = datetime.datetime.now(datetime.timezone.utc).replace(hour=7, minute=0, second=0, microsecond=0)
times = [{"starts_at": (start + datetime.timedelta(days=2 + n // 6, hours=2 * (n % 6))).strftime("%Y-%m-%dT%H:%M:%SZ"),
          "duration_minutes": 90} for n in range(proposals)]
body = {"title": "Digitalrat: Jahresplanung", "timezone": "Europe/Berlin", "proposals": times,
        "participants": [{"email": f"person{n}@stadt-{n % 9}.example", "name": f"Person {n}"} for n in range(people)]}
conn.request("POST", "/api/v1/polls", json.dumps(body), headers)
answer = conn.getresponse(); text = answer.read()
if answer.status != 201:
    sys.exit(f"POST /api/v1/polls answered {answer.status}: {text[:300]}")
print(json.loads(text)["id"])
PY
)
# Everyone answers every time: yes, if need be or no, spread evenly.
answers_sql="INSERT INTO poll_answers (participant_id, proposal_id, answer)
  SELECT p.id, q.id, CASE (p.person_rank + q.position) % 3 WHEN 0 THEN 'yes' WHEN 1 THEN 'maybe' ELSE 'no' END
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS person_rank FROM poll_participants WHERE poll_id = '$poll_id') p
  CROSS JOIN poll_proposals q WHERE q.poll_id = '$poll_id';
  UPDATE poll_participants SET answered_at = CURRENT_TIMESTAMP WHERE poll_id = '$poll_id';"
if [ "$BACKEND" = postgres ]; then
  psql -q "$DATABASE_URL" -c "$answers_sql" -c ANALYZE
else
  python3 - "${dir[poll]}/treffpunkt.db" "$answers_sql" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.executescript(sys.argv[2]); db.commit()
PY
fi
sign_in_installation poll
cookie="Cookie: treffpunkt_session=${session[poll]}"
base="http://127.0.0.1:${port[poll]}"
page_bytes=$(curl -fs -H "$cookie" "$base/polls/$poll_id" | wc -c)
cells=$(curl -fs -H "$cookie" "$base/polls/$poll_id" | grep -o 'class="poll-\(yes\|maybe\|no\)"' | wc -l)
[ "$cells" -eq $((PROPOSALS * PEOPLE)) ] || { echo "the page shows $cells answers, not $((PROPOSALS * PEOPLE))" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); database: $BACKEND"
echo "poll: $PROPOSALS times, $PEOPLE people, $cells answers; results page $page_bytes bytes"

declare -A results
for r in $(seq 1 "$ROUNDS"); do
  for what in healthz results api; do
    case $what in
      healthz) line=$(wrk_round poll "Accept: */*" /healthz) ;;
      results) line=$(wrk_round poll "$cookie" "/polls/$poll_id") ;;
      api) line=$(wrk_round poll "Authorization: Bearer ${token[poll]}" "/api/v1/polls/$poll_id") ;;
    esac
    echo "round $r, $what: $line (req/s p50-ms p99-ms)"
    results[$what]+="$line"$'\n'
  done
done
printf '%-10s %10s %10s %10s\n' page "req/s" "p50 ms" "p99 ms"
declare -A rate
for what in healthz results api; do
  rate[$what]=$(awk 'NF {print $1}' <<<"${results[$what]}" | median)
  printf '%-10s %10s %10s %10s\n' "$what" "${rate[$what]}" \
    "$(awk 'NF {print $2}' <<<"${results[$what]}" | median)" "$(awk 'NF {print $3}' <<<"${results[$what]}" | median)"
done
awk -v a="${rate[results]}" -v b="${rate[healthz]}" 'BEGIN {printf "ratio results page / healthz (median rounds): %.4f\n", a / b}'
