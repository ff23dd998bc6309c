#!/usr/bin/env bash
# Sets up what tools/check/run-all.sh needs on a fresh Debian machine, as root,
# with no TTY (CI=true is fine). Idempotent: run it as often as you like.
#   - Debian chromium (the checks drive /usr/bin/chromium; no browser download)
#   - fonts so text renders (contrast checks need real glyphs)
#   - a Java runtime for vnu.jar when `java` is missing
#   - the pinned npm packages (npm ci, install scripts off: vnu-jar's would
#     try to download a JRE)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install.sh: apt-get install ${need[*]}"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${need[@]}"
fi

command -v node >/dev/null 2>&1 || { echo "install.sh: node is not installed" >&2; exit 1; }
cd "$HERE"
echo "install.sh: npm ci in $HERE"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Fail loudly now rather than in the middle of a check.
/usr/bin/chromium --version 2>/dev/null
java -version 2>&1 | head -n 1
test -f node_modules/vnu-jar/build/dist/vnu.jar
node -e 'require("puppeteer-core"); require("axe-core"); require("htmlparser2"); require("saxes")'
echo "install.sh: ready"
