#!/usr/bin/env bash
# Draws every picture in docs/charts/ again with the commands the README shows (bin/mmaptk ... --chart FILE.png).
# The sim and pager charts are the same on every run (the model and the pager are deterministic for a seed); the
# cost charts are measurements of this machine, so they change from run to run.
#   ./docs/charts/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./build.sh >/dev/null
out=docs/charts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
notes="0 1 2 3 0 1 4 0 1 2 3 4"

# The notes' reference string: FIFO and CLOCK show Belady's anomaly at 4 frames; LRU and OPT do not.
bin/mmaptk sim --policy fifo,lru,opt,clock --frames 1..7 --trace "$notes" --chart "$out/sim-notes.png" >/dev/null
# A generated trace: a hot tenth of the pages and a sweep through the rest (the scan that flushes LRU).
bin/mmaptk trace gen --kind scan --pages 400 --length 40000 --seed 3 --out "$tmp/scan.txt" >/dev/null
bin/mmaptk sim --policy fifo,lru,clock,arc,opt --frames 10..400/10 --trace-file "$tmp/scan.txt" --chart "$out/sim-scan.png" >/dev/null
# The pager's faults, one by one: 100 references over 12 pages, three stores in ten, 6 frames (every kind of fault:
# zero-fill, swap-in of a page written before, CLOCK's reference faults, dirty faults).
bin/mmaptk trace gen --kind uniform --pages 12 --length 100 --write-ratio 0.3 --seed 2 --out "$tmp/uniform.txt" >/dev/null
bin/mmaptk pager --policy clock --frames 6 --backend sigsegv --trace-file "$tmp/uniform.txt" --chart "$out/pager-timeline.png" >/dev/null
# Measurements: what one fault costs by mechanism, and the notes' costs (fork as the heap grows, faults per page).
bin/mmaptk pager cost --pages 4000 --repetitions 5 --chart "$out/pager-cost.png" >/dev/null
bin/mmaptk cost --pages 4000 --touched 1000 --repetitions 5 --fork-sizes 1000,10000,50000,100000 --chart "$out/cost.png" >/dev/null
# The thrashing cliff: loops over 1..16 pages on 8 frames, the model and the real pager (the same on every run).
bin/mmaptk demo thrashing --chart "$out/demo-thrashing.png" >/dev/null
ls -l "$out"/*.png
