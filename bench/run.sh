#!/usr/bin/env bash
# Times every kind of draft for the Bjuv-like demo case: breachdesk (printpdf, release build)
# and WeasyPrint rendering an HTML page of the same content, in the same run, and writes the
# table into BENCHMARKS.md. Usage: bench/run.sh [RUST_RUNS] [WEASYPRINT_RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rust_runs="${1:-200}"
weasy_runs="${2:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/breachdesk-target}"

# WeasyPrint from PyPI in a venv under bench/.venv (gitignored); it needs pango.
if ! ldconfig -p | grep -q libpangoft2-1.0; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q weasyprint
fi

html_dir="$(mktemp -d)"
trap 'rm -rf "$html_dir"' EXIT
cargo build -q --release -p breachdesk-report --example bench_drafts
rust_out="$("$CARGO_TARGET_DIR/release/examples/bench_drafts" "$rust_runs" "$html_dir")"
weasy_out="$(bench/.venv/bin/python bench/weasyprint_bench.py "$html_dir" "$weasy_runs")"

cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
# Keep the request benchmarks (bench/api.sh), the flood of logins (bench/logins.sh) and the
# limits (bench/scale.sh, with the notes after its table) when rewriting the drafts' table.
api_section="$(sed -n '/<!-- api-bench:start -->/,/<!-- api-bench:end -->/p' BENCHMARKS.md 2>/dev/null || true)"
logins_section="$(sed -n '/<!-- logins-bench:start -->/,/<!-- logins-bench:end -->/p' BENCHMARKS.md 2>/dev/null || true)"
scale_section="$(sed -n '/<!-- scale-bench:start -->/,/<!-- scale-notes:end -->/p' BENCHMARKS.md 2>/dev/null || true)"
{
  echo "# Benchmarks"
  echo
  echo "Median time to render each draft of the Bjuv-like demo case (\`Fixture::bjuv_decided\` in"
  echo "crates/report/tests/drafts/fixture.rs), breachdesk-report (printpdf 0.12.8, release build) beside"
  echo "WeasyPrint rendering an HTML page with the same text and structure (written by the bench example"
  echo "from the same layout calls, same Noto Sans fonts via @font-face, A4, running header and page x of y)."
  echo "Both in the same run, one after the other, on one core each."
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- Machine: ${cpu:-unknown CPU}, $(nproc) cores (shared with other work), $(uname -sr)"
  echo "- Toolchain: $(rustc --version); $(bench/.venv/bin/python --version); $(echo "$weasy_out" | sed -n 's/^# //p')"
  echo "- Command: \`bench/run.sh $rust_runs $weasy_runs\` (breachdesk: $rust_runs renderings per kind; WeasyPrint: $weasy_runs)"
  echo
  echo "| draft | breachdesk median (ms) | pages | bytes | of which layout (ms) | WeasyPrint median (ms) | pages | bytes | speed-up |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  while IFS=$'\t' read -r kind ms pages bytes layout; do
    case "$kind" in '#'*|'') continue ;; esac
    wline="$(echo "$weasy_out" | awk -F'\t' -v k="$kind" '$1 == k')"
    wms="$(cut -f2 <<<"$wline")"; wpages="$(cut -f3 <<<"$wline")"; wbytes="$(cut -f4 <<<"$wline")"
    speedup="$(awk -v a="$wms" -v b="$ms" 'BEGIN { printf "%.0f×", a / b }')"
    echo "| $kind | $ms | $pages | $bytes | $layout | $wms | $wpages | $wbytes | $speedup |"
  done <<<"$rust_out"
  echo
  echo "Where the time goes (breachdesk): $(echo "$rust_out" | sed -n 's/^# //p')."
  echo "That happens once per process: the fonts are parsed, measured and their programs deflated once"
  echo "(crates/report/src/fonts.rs). Per draft, laying out (wrapping by measured glyph widths, pagination)"
  echo "is the \"of which layout\" column; the rest is printpdf building the PDF objects and lopdf"
  echo "compressing the page streams and writing the file. Drafts embed the whole Noto Sans Regular and"
  echo "Bold programs (deflated once per process, not subset per draft),"
  echo "hence ~245 KB per draft against WeasyPrint's subset fonts."
  echo
  echo "Target (issue 5): the IMY draft at least 50 times faster than WeasyPrint."
} > BENCHMARKS.md
if [ -n "$api_section" ]; then printf '\n%s\n' "$api_section" >> BENCHMARKS.md; fi
if [ -n "$logins_section" ]; then printf '\n%s\n' "$logins_section" >> BENCHMARKS.md; fi
if [ -n "$scale_section" ]; then printf '\n%s\n' "$scale_section" >> BENCHMARKS.md; fi
cat BENCHMARKS.md
