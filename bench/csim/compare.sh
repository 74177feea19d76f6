#!/usr/bin/env bash
# Whole-process time and peak memory of `mmaptk sim` against the plain C simulator (csim.c) on the same trace file:
# the best of N runs of each, and the ratio. Usage: bench/csim/compare.sh TRACE [FRAMES] [RUNS]   (needs gcc, bin/mmaptk)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trace="$1"; frames="${2:-100000}"; runs="${3:-5}"
mmaptk="${MMAPTK:-$here/../../bin/mmaptk}"
csim="$(mktemp -d)/csim"
gcc -O2 -o "$csim" "$here/csim.c"
best() {   # best wall time (s) and its peak RSS (MB) over $runs runs of "$@"
  local b=999999 rss=0
  for _ in $(seq "$runs"); do
    read -r t m < <( { /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -1)
    if (( $(echo "$t < $b" | bc) )); then b=$t; rss=$((m / 1024)); fi
  done
  echo "$b $rss"
}
printf "%-6s %12s %12s %8s %14s %14s\n" policy "C (s)" "mmaptk (s)" ratio "C peak (MB)" "mmaptk (MB)"
for p in fifo lru; do
  read -r ct cm < <(best "$csim" "$p" "$frames" "$trace")
  read -r mt mm < <(best "$mmaptk" sim --policy "$p" --frames "$frames" --trace-file "$trace")
  printf "%-6s %12s %12s %8.1f %14s %14s\n" "$p" "$ct" "$mt" "$(echo "$mt / $ct" | bc -l)" "$cm" "$mm"
done
read -r lt lm < <(best "$mmaptk" sim --mrc --trace-file "$trace")
echo "mmaptk sim --mrc (every frame count, one pass): $lt s, $lm MB"
