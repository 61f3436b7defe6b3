#!/usr/bin/env bash
# Times the requests people wait on (dashboard, case page, timeline entry, register CSV, IMY
# draft) through the real router, release build, over a SQLite file and a fresh PostgreSQL
# database with N cases, and writes the table into BENCHMARKS.md between the api-bench markers.
# Usage: bench/api.sh [CASES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-500}"
runs="${2:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/breachdesk-target}"
pg="${BREACHDESK_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
db="breachdesk_bench_$$"
psql -q "$pg" -c "CREATE DATABASE $db"
trap 'psql -q "$pg" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT

cargo build -q --release -p breachdesk --example bench_api
table="$(BREACHDESK_BENCH_POSTGRES_URL="${pg%/*}/$db" "$CARGO_TARGET_DIR/release/examples/bench_api" "$cases" "$runs")"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
section="$(cat <<MD
<!-- api-bench:start -->
## Requests (bench/api.sh)

Median time of each request through the real router (authentication, access check, database,
rendering), release build, with $cases cases of 20 timeline entries, a decision and a filing
each; $runs runs per request, one after the other.

- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Machine: $cpu, $(nproc) cores (shared with other work)
- Command: \`bench/api.sh $cases $runs\`

$table

The dashboard and the register read each table once (not once per case) and evaluate every
clock of every case in memory; the IMY draft includes the first-draft font cost only once per
process (see above).
<!-- api-bench:end -->
MD
)"
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "BENCHMARKS.md"
text = open(path, encoding="utf-8").read()
if "<!-- api-bench:start -->" in text:
    text = re.sub(r"<!-- api-bench:start -->.*<!-- api-bench:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
echo "$table"
