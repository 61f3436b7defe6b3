#!/usr/bin/env bash
# The limits benchmark (issue 15). Builds breachdesk and bench_scale in release, starts the real
# server on a SQLite file and on a fresh PostgreSQL database, and measures, side by side with
# what the same machine does without breachdesk in the way:
#   one-case reads/s                  against a bare axum handler answering a constant
#   durable timeline appends/s        against raw single-row commits, same driver and durability
#   200-entry timeline reads/s        against the same reads and JSON done in-process
#   dashboard p50/p95                 with 1,000, 100,000 and 1,000,000 cases (1 % open), seeded by SQL
#   resident memory                   idle, under load and after the dashboard at 1,000,000 cases
#   cold start                        process start to /healthz on an empty database (migrations)
# It installs wrk from Debian when missing and writes the table into BENCHMARKS.md between the
# scale-bench markers. Usage: bench/scale.sh [SECONDS_PER_MEASURE] [CASES_AT_MOST]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
max_cases="${2:-1000000}"
command_line="bench/scale.sh $seconds $max_cases"
started="$(date +%s)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/breachdesk-target}"
pg="${BREACHDESK_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
connections=64 # concurrent connections for throughput (wrk) and tasks in-process
writers=16     # concurrent writers for appends and raw commits
work="$(mktemp -d)"
pids=()
databases=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for d in "${databases[@]}"; do psql -q "$pg" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
fi

echo "building (release)..." >&2
cargo build -q --release -p breachdesk --bin breachdesk --example bench_scale
bin="$CARGO_TARGET_DIR/release/breachdesk"
ex="$CARGO_TARGET_DIR/release/examples/bench_scale"

# wrk prints one line: requests/s, p50 and p95 latency (µs), errors.
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
{ echo 'wrk.method = "POST"'
  echo "wrk.body = '{\"kind\": \"note\", \"text\": \"Brandväggens loggar genomgångna: inga fler inloggningar.\"}'"
  echo 'wrk.headers["Content-Type"] = "application/json"'
  cat "$work/report.lua"; } > "$work/append.lua"

# URL CONNECTIONS SCRIPT [TOKEN] -> "rps p50_us p95_us errors"
measure() {
  local threads=2; [ "$2" -lt 2 ] && threads=1
  if [ -n "${4:-}" ]; then
    wrk -t"$threads" -c"$2" -d"${seconds}s" -s "$3" -H "Authorization: Bearer $4" "$1" | sed -n 's/^RESULT //p'
  else
    wrk -t"$threads" -c"$2" -d"${seconds}s" -s "$3" "$1" | sed -n 's/^RESULT //p'
  fi
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now_ns() { date +%s%N; }

# URL PORT -> starts the server, sets $server_pid
start_server() {
  BREACHDESK_DATABASE_URL="$1" BREACHDESK_BIND="127.0.0.1:$2" BREACHDESK_LOG=warn "$bin" serve \
    >>"$work/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  "$ex" ready "127.0.0.1:$2"
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; }

# A fresh database URL for backend $1 named $2.
fresh_url() {
  if [ "$1" = sqlite ]; then
    mkdir -p "$work/$2"; echo "sqlite://$work/$2/breachdesk.db"
  else
    local name="bench_scale_$$_$2"
    psql -q "$pg" -c "CREATE DATABASE $name"
    databases+=("$name")
    echo "${pg%/*}/$name"
  fi
}

# Median of the arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

port=18181
declare -A result

bench_backend() {
  local backend="$1"
  echo "== $backend" >&2
  # Cold start: process start to /healthz on an empty database, migrations included.
  local starts=()
  for run in 1 2 3; do
    local url; url="$(fresh_url "$backend" "cold$run")"
    local t0; t0="$(now_ns)"
    start_server "$url" "$port"
    starts+=("$(( ($(now_ns) - t0) / 1000000 ))")
    stop_server
  done
  result[$backend,cold]="$(median "${starts[@]}")"

  local url; url="$(fresh_url "$backend" main)"
  start_server "$url" "$port"
  sleep 1
  result[$backend,rss_idle]="$(rss_mb "$server_pid")"
  echo "lösenord-för-benchmark-2026" | BREACHDESK_DATABASE_URL="$url" "$bin" user add bench@example.se --role dpo >/dev/null
  local token; token="$(BREACHDESK_DATABASE_URL="$url" "$bin" token create bench@example.se | tail -1)"
  local base="http://127.0.0.1:$port/api/v1"
  new_case() {
    curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$base/cases" -d \
      "{\"title\": \"$1\", \"description\": \"Ett e-postmeddelande med elevers personnummer skickades till fel mottagare.\",
        \"category\": \"misdirected\", \"breach_types\": [\"confidentiality\"],
        \"detected_at\": \"$(date -u -d '-2 hours' +%FT%TZ)\", \"aware_at\": \"$(date -u -d '-1 hours' +%FT%TZ)\"}" | json_id
  }
  local read_case append_case timeline_case
  read_case="$(new_case 'Felskickad e-post')"
  append_case="$(new_case 'Loggbok')"
  timeline_case="$(new_case 'Lång tidslinje')"
  "$ex" timeline-case "$url" "$timeline_case" 199

  # 1,000 cases in all (the three above and 997 seeded).
  "$ex" seed "$url" "$read_case" 1 997
  read -r rps _ _ _ <<<"$(measure "$base/cases/$read_case" "$connections" "$work/report.lua" "$token")"
  result[$backend,read]="$rps"
  read -r rps _ _ _ <<<"$(measure "$base/cases/$append_case/timeline" "$writers" "$work/append.lua" "$token")"
  result[$backend,append]="$rps"
  result[$backend,raw]="$("$ex" raw-commits "$url" "$seconds" "$writers")"
  read -r rps _ _ _ <<<"$(measure "$base/cases/$timeline_case/timeline?limit=200" "$connections" "$work/report.lua" "$token")"
  result[$backend,timeline]="$rps"
  result[$backend,inprocess]="$("$ex" in-process "$url" "$timeline_case" "$seconds" "$connections")"

  local seeded=1000 step
  for step in 1000 100000 1000000; do
    [ "$step" -gt "$max_cases" ] && break
    if [ "$step" -gt "$seeded" ]; then
      local t0; t0="$(date +%s)"
      "$ex" seed "$url" "$read_case" "$((seeded - 2))" "$((step - 3))"
      result[$backend,seed$step]="$(( $(date +%s) - t0 ))"
      seeded="$step"
    fi
    read -r _ p50 p95 _ <<<"$(measure "$base/dashboard" 1 "$work/report.lua" "$token")"
    result[$backend,dash_p50_$step]="$(awk -v u="$p50" 'BEGIN { printf "%.1f", u / 1000 }')"
    result[$backend,dash_p95_$step]="$(awk -v u="$p95" 'BEGIN { printf "%.1f", u / 1000 }')"
  done
  result[$backend,cases]="$seeded"
  result[$backend,rss_dashboard]="$(rss_mb "$server_pid")"
  # Under load: one-case reads at the largest size, the server's memory sampled throughout.
  ( peak=0; while kill -0 "$server_pid" 2>/dev/null; do
      r="$(rss_mb "$server_pid" 2>/dev/null || echo 0)"; [ "${r:-0}" -gt "$peak" ] && peak="$r"
      echo "$peak" > "$work/peak"; sleep 0.2; done ) &
  local sampler=$!
  read -r rps _ _ _ <<<"$(measure "$base/cases/$read_case" "$connections" "$work/report.lua" "$token")"
  result[$backend,read_large]="$rps"
  kill "$sampler" 2>/dev/null || true
  result[$backend,rss_load]="$(cat "$work/peak")"
  stop_server
}

"$ex" bare "127.0.0.1:18282" & pids+=("$!")
"$ex" ready "127.0.0.1:18282" 2>/dev/null || sleep 1
read -r bare_rps _ _ _ <<<"$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/report.lua" http://127.0.0.1:18282/ | sed -n 's/^RESULT //p')"

bench_backend sqlite
bench_backend postgres

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
elapsed="$(( $(date +%s) - started ))"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
big="${result[sqlite,cases]}"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b; else print "–" }'; }
verdict() { # VALUE OP LIMIT -> met / missed by ...
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    ok = (op == ">=") ? (v >= l) : (op == "<") ? (v < l) : (v <= l)
    if (ok) print "met"; else if (op == ">=") printf "missed by %.1f points\n", l - v; else printf "missed by %.1f\n", v - l }'
}
ratio_num() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print 0 }'; }
row() { # label sqlite postgres reference target
  echo "| $1 | $2 | $3 | $4 | $5 |"
}

table="$(
  echo "| measure | SQLite file | PostgreSQL | beside | target |"
  echo "|---|---:|---:|---|---|"
  row "one-case reads/s (GET /api/v1/cases/{id}, token, $connections connections)" "${result[sqlite,read]}" "${result[postgres,read]}" "bare axum constant: $bare_rps/s" "≥ 25 %"
  row "… as a share of bare axum" "$(pct "${result[sqlite,read]}" "$bare_rps")" "$(pct "${result[postgres,read]}" "$bare_rps")" "" "$(verdict "$(ratio_num "${result[sqlite,read]}" "$bare_rps")" ">=" 25) / $(verdict "$(ratio_num "${result[postgres,read]}" "$bare_rps")" ">=" 25)"
  row "durable timeline appends/s ($writers writers)" "${result[sqlite,append]}" "${result[postgres,append]}" "raw single-row commits/s: SQLite ${result[sqlite,raw]}, PostgreSQL ${result[postgres,raw]}" "≥ 50 %"
  row "… as a share of raw commits" "$(pct "${result[sqlite,append]}" "${result[sqlite,raw]}")" "$(pct "${result[postgres,append]}" "${result[postgres,raw]}")" "" "$(verdict "$(ratio_num "${result[sqlite,append]}" "${result[sqlite,raw]}")" ">=" 50) / $(verdict "$(ratio_num "${result[postgres,append]}" "${result[postgres,raw]}")" ">=" 50)"
  row "200-entry timeline reads/s ($connections connections)" "${result[sqlite,timeline]}" "${result[postgres,timeline]}" "in-process (same queries and JSON, $connections tasks): SQLite ${result[sqlite,inprocess]}, PostgreSQL ${result[postgres,inprocess]}" "≥ 50 %"
  row "… as a share of in-process" "$(pct "${result[sqlite,timeline]}" "${result[sqlite,inprocess]}")" "$(pct "${result[postgres,timeline]}" "${result[postgres,inprocess]}")" "" "$(verdict "$(ratio_num "${result[sqlite,timeline]}" "${result[sqlite,inprocess]}")" ">=" 50) / $(verdict "$(ratio_num "${result[postgres,timeline]}" "${result[postgres,inprocess]}")" ">=" 50)"
  for step in 1000 100000 1000000; do
    [ -z "${result[sqlite,dash_p50_$step]:-}" ] && continue
    row "dashboard p50 / p95 (ms), $step cases, 1 % open" "${result[sqlite,dash_p50_$step]} / ${result[sqlite,dash_p95_$step]}" "${result[postgres,dash_p50_$step]} / ${result[postgres,dash_p95_$step]}" "${result[sqlite,seed$step]:+seeded in ${result[sqlite,seed$step]} s / ${result[postgres,seed$step]} s}" "p95 < 20 ms, ≤ 2× the 1,000-case p95"
  done
  row "… p95 at $big cases against 20 ms" "$(verdict "${result[sqlite,dash_p95_$big]}" "<" 20)" "$(verdict "${result[postgres,dash_p95_$big]}" "<" 20)" "" "< 20 ms"
  row "… p95 at $big cases against twice the 1,000-case p95" "$(verdict "${result[sqlite,dash_p95_$big]}" "<=" "$(awk -v a="${result[sqlite,dash_p95_1000]}" 'BEGIN { print 2 * a }')")" "$(verdict "${result[postgres,dash_p95_$big]}" "<=" "$(awk -v a="${result[postgres,dash_p95_1000]}" 'BEGIN { print 2 * a }')")" "" "≤ 2×"
  row "resident memory (MB): idle" "${result[sqlite,rss_idle]}" "${result[postgres,rss_idle]}" "" ""
  row "resident memory (MB): after the dashboard at $big cases" "${result[sqlite,rss_dashboard]}" "${result[postgres,rss_dashboard]}" "" ""
  row "resident memory (MB): peak under load at $big cases (one-case reads: ${result[sqlite,read_large]}/s, ${result[postgres,read_large]}/s)" "${result[sqlite,rss_load]}" "${result[postgres,rss_load]}" "" "≤ 100 MB: $(verdict "${result[sqlite,rss_load]}" "<=" 100) / $(verdict "${result[postgres,rss_load]}" "<=" 100)"
  row "cold start with migrations, empty database (ms, median of 3)" "${result[sqlite,cold]}" "${result[postgres,cold]}" "" "< 300 ms: $(verdict "${result[sqlite,cold]}" "<" 300) / $(verdict "${result[postgres,cold]}" "<" 300)"
)"

section="$(cat <<MD
<!-- scale-bench:start -->
## Limits (bench/scale.sh)

The real server (release build) on a SQLite file and on PostgreSQL, side by side with what the
machine does without breachdesk in the way, in one run. wrk for HTTP ($seconds s per measure);
the in-process and raw figures from \`crates/api/examples/bench_scale.rs\`, built by the script.
Cases beyond the first three are copies seeded by SQL (1 % open, a third of the closed ones
notified to IMY), their dashboard figures written by SQL and, for the open ones, by the store.

- Date: $(date -u +%Y-%m-%dT%H:%MZ); total run time $((elapsed / 60)) min $((elapsed % 60)) s
- Machine: ${cpu:-unknown CPU}, $(nproc) cores, $(free -m | awk '/^Mem:/ { print $2 }') MB, $(uname -sr); PostgreSQL $(psql -Atc 'SHOW server_version' "$pg")
- Load average (1, 5, 15 min) before: $load_before; after: $load_after (other work shared the machine)
- Command: \`$command_line\`

$table

See "Reading the limits" below for why a missed target is missed and what would close it.
<!-- scale-bench:end -->
MD
)"
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "BENCHMARKS.md"
text = open(path, encoding="utf-8").read()
if "<!-- scale-bench:start -->" in text:
    text = re.sub(r"<!-- scale-bench:start -->.*<!-- scale-bench:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
echo "$table"
echo "total run time: ${elapsed} s" >&2
