#!/usr/bin/env bash
# Draws docs/html/cow-fork.png again: `bin/mmaptk demo cow-fork --html` opened in headless Chromium (Debian's package
# chromium) at the child's first write (#step-8), as the README shows; and docs/html/report.png, the top of
# `bin/mmaptk report --html` (index, simulator charts, cost figures). The real kernel's side and the costs are measured each run.
#   ./docs/html/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./build.sh >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin/mmaptk demo cow-fork --html "$tmp/cow-fork.html" >/dev/null
# --no-sandbox: Chromium's sandbox refuses to start as root; the rest keep it off the network.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1400,1000 \
  --screenshot="$PWD/docs/html/cow-fork.png" "file://$tmp/cow-fork.html#step-8" 2>/dev/null
bin/mmaptk report --html "$tmp/report.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1000,2400 \
  --screenshot="$PWD/docs/html/report.png" "file://$tmp/report.html" 2>/dev/null
ls -l docs/html/*.png
