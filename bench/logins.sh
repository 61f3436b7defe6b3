#!/usr/bin/env bash
# A flood of concurrent bad logins (default 500) against the release binary, with .ci/logins:
# peak memory (VmHWM), /healthz during the flood, the answers, the audit log's growth. Writes
# the figures into BENCHMARKS.md between the logins-bench markers. Target (issue 12): peak
# memory at most 150 MB with 500 concurrent bad logins.
# Usage: bench/logins.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-500}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/breachdesk-target}"
cargo build -q --release -p breachdesk
figures="$(BREACHDESK_BIN="$CARGO_TARGET_DIR/release/breachdesk" .ci/logins "$requests")"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
section="$(cat <<MD
<!-- logins-bench:start -->
## A flood of bad logins (bench/logins.sh)

$requests concurrent \`POST /api/v1/session\` with wrong passwords for random addresses, against
the release binary on a fresh SQLite file, password checks in their default turns (one per
core). Memory is the server's VmHWM from /proc; /healthz is asked every 100 ms during the flood.

- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Machine: $cpu, $(nproc) cores (shared with other work)
- Command: \`bench/logins.sh $requests\`

\`\`\`
$figures
\`\`\`

Target (issue 12): peak memory at most 150 MB. Each turn hashes in one 19 MiB area allocated
once; the logins beyond the turns wait up to 2 s and then get 503 with Retry-After; once the
address is locked they get 429 and are counted in the lock, not logged one by one.
<!-- logins-bench:end -->
MD
)"
python3 - "$section" <<'PY'
import re, sys
section = sys.argv[1]
path = "BENCHMARKS.md"
text = open(path, encoding="utf-8").read()
if "<!-- logins-bench:start -->" in text:
    text = re.sub(r"<!-- logins-bench:start -->.*<!-- logins-bench:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
echo "$figures"
