#!/usr/bin/env bash
# Runs the site checks against a built site folder.
#   tools/check/run-all.sh BUILD_DIR            all checks
#   tools/check/run-all.sh BUILD_DIR a11y links only those checks
# Checks: html links weight a11y nojs search lighthouse. Each prints its details and
# one summary line "NAME: ..."; the script exits non-zero when any check fails
# or cannot run (a missing Chromium, Java or node_modules is a failure).
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ALL=(html links weight a11y nojs search lighthouse)

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [check ...]   (checks: ${ALL[*]})" >&2
  exit 2
fi
BUILD_DIR="$1"; shift
if [ ! -d "$BUILD_DIR" ]; then
  echo "checks: build dir '$BUILD_DIR' does not exist" >&2
  echo "checks: 0 passed, 1 failed"
  exit 2
fi
BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"
CHECKS=("$@")
[ ${#CHECKS[@]} -eq 0 ] && CHECKS=("${ALL[@]}")
for c in "${CHECKS[@]}"; do
  case " ${ALL[*]} " in *" $c "*) ;; *) echo "unknown check '$c' (known: ${ALL[*]})" >&2; exit 2 ;; esac
done

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
fatal=""
command -v node >/dev/null 2>&1 || fatal="node is not installed"
[ -z "$fatal" ] && [ ! -d "$HERE/node_modules/puppeteer-core" ] && fatal="$HERE/node_modules is missing: run tools/check/install.sh (or npm ci in tools/check)"

passed=0; failed=0; summaries=()
start_all=$(date +%s)
for c in "${CHECKS[@]}"; do
  echo "== $c"
  t0=$(date +%s)
  if [ -n "$fatal" ]; then
    echo "$c: could not run ($fatal)"
    rc=2
    out="$c: could not run ($fatal)"
  else
    case "$c" in
      lighthouse) script="$HERE/checks/lighthouse.mjs" ;;
      *) script="$HERE/checks/$c.js" ;;
    esac
    log="$(mktemp)"
    node "$script" "$BUILD_DIR" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    out="$(grep -E "^$c: " "$log" | tail -n 1)"
    rm -f "$log"
    [ -z "$out" ] && out="$c: crashed without a summary (exit $rc)"
  fi
  t1=$(date +%s)
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); summaries+=("PASS $out [$((t1 - t0))s]")
  else
    failed=$((failed + 1)); summaries+=("FAIL $out [$((t1 - t0))s, exit $rc]")
  fi
done
echo "== summary ($BUILD_DIR, $(( $(date +%s) - start_all ))s)"
for s in "${summaries[@]}"; do echo "$s"; done
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
