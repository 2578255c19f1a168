#!/usr/bin/env bash
# `attache check` and one edit as a user runs them, on a generated database: whole
# commands, median wall time, CPU time and peak memory (GNU time) of RUNS runs, with
# the cache of parsed plans off, cold (emptied before each run) and warm.
#
#   bash bench/check.sh                          # 50,000 meetings, 15 runs each
#   SHAPE="--clashes 0.5" bash bench/check.sh    # dense: half the meetings overlap
#   MEETINGS=5000 RUNS=5 bash bench/check.sh
#
# Installs GNU time from Debian's packages if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
MEETINGS=${MEETINGS:-50000}
RUNS=${RUNS:-15}
SHAPE=${SHAPE:-}

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null; else
    echo "GNU time is needed: sudo apt-get install time" >&2; exit 1; fi
fi

cargo build --release -q --bin attache --example gen_db
bin="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/db"
# shellcheck disable=SC2086 # SHAPE is words of options
"$bin/examples/gen_db" "$db" "$MEETINGS" 1 $SHAPE >/dev/null
# The cache lives in its own folder here, never the user's.
export XDG_CACHE_HOME="$work/cache"
attache=("$bin/attache" --db "$db" --today 2026-11-23)
size=$(du -sk "$db" | cut -f1)

# median of a column of numbers
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }

# NAME, then the command: RUNS runs, with {n} in its words replaced by the run's
# number; before each, the function $BEFORE if set.
measure() {
  local name=$1 log="$work/log"; shift
  : > "$log"
  for i in $(seq "$RUNS"); do
    if [ -n "${BEFORE:-}" ]; then "$BEFORE"; fi
    /usr/bin/time -f "%e %U %S %M" -a -o "$log" "${@//\{n\}/$i}" >/dev/null 2>&1 || true
  done
  local wall cpu peak
  wall=$(awk '{print $1}' "$log" | median)
  cpu=$(awk '{print $2 + $3}' "$log" | median)
  peak=$(awk '{print $4}' "$log" | median)
  printf '%-36s %6.2f s wall %6.2f s cpu %6.0f MB (%.1fx the files)\n' \
    "$name" "$wall" "$cpu" "$(awk -v k="$peak" 'BEGIN {print k / 1024}')" \
    "$(awk -v k="$peak" -v s="$size" 'BEGIN {print k / s}')"
}

empty_cache() { rm -rf "$XDG_CACHE_HOME"; }

echo "meetings: $MEETINGS, shape: ${SHAPE:-default}, $((size / 1024)) MB on disk, runs: $RUNS"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(uname -sr)"
for all in "" "--all"; do
  ATTACHE_CACHE=off measure "check${all:+ $all} (cache off)" "${attache[@]}" check $all
  BEFORE=empty_cache measure "check${all:+ $all} (cache cold)" "${attache[@]}" check $all
  "${attache[@]}" check >/dev/null 2>&1 || true
  measure "check${all:+ $all} (cache warm)" "${attache[@]}" check $all
done
# One edit, warm: the edited plan is parsed again (its text changed), the others not.
id=$(grep -m1 '^id = "m' "$db/plan/s5.toml" | cut -d'"' -f2)
measure "meeting edit (cache warm)" "${attache[@]}" -q meeting edit "$id" --title "Renamed {n}"
