#!/usr/bin/env bash
# Side by side with calcurse, the terminal calendar a user would pick instead: the same
# meetings in each program's own store, the same work, median of several runs.
#
#   bash bench/compare.sh            # 50,000 meetings, 3 runs each
#   MEETINGS=5000 RUNS=5 bash bench/compare.sh
#   SHAPE="--clashes 0.5" bash bench/compare.sh   # dense: half the meetings overlap
#
# SHAPE is passed to gen_db (--clashes F, --attendees N, --sessions N, --people N).
#
# Installs calcurse (and hyperfine, used when present) from Debian's packages if they
# are missing. calcurse is slow on large stores (about a minute per run at 50,000
# meetings on a 2-core machine), so the full comparison takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
MEETINGS=${MEETINGS:-50000}
RUNS=${RUNS:-3}
SHAPE=${SHAPE:-}
DAY=${DAY:-2022-11-21}  # the first day of generated session s50: a busy one

if ! command -v calcurse >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq calcurse >/dev/null; else
    echo "calcurse is needed: sudo apt-get install calcurse" >&2; exit 1; fi
fi

cargo build --release -q --bin attache --example gen_db --example to_calcurse
# Where cargo put them: $CARGO_TARGET_DIR when set, else ./target.
bin="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/db"; cal="$work/calcurse"; conf="$work/conf"
mkdir -p "$cal" "$conf"
# shellcheck disable=SC2086 # SHAPE is words of options
"$bin/examples/gen_db" "$db" "$MEETINGS" 1 $SHAPE >/dev/null
"$bin/examples/to_calcurse" "$db" > "$cal/apts"
touch "$cal/todo"
# attache's cache of parsed plans in the work folder, never the user's.
export XDG_CACHE_HOME="$work/cache"
attache=("$bin/attache" --db "$db" --today 2026-11-23)
cal_day=$(date -d "$DAY" +%m/%d/%Y)

# median SECONDS of RUNS runs of a command (its output discarded)
median() {
  local times=() t0 t1
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}'
}

echo "meetings: $MEETINGS ($(wc -l < "$cal/apts") calcurse appointments), shape: ${SHAPE:-default}, $(du -sh "$db" | cut -f1) on disk, runs: $RUNS, day: $DAY"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), calcurse $(calcurse --version | awk 'NR==1 {print $2}')"

a=$(median "${attache[@]}" export --format ics)
c=$(median calcurse -D "$cal" -C "$conf" --export=ical)
printf 'full iCalendar export: attache %ss, calcurse %ss, attache is %.1fx faster\n' "$a" "$c" "$(awk -v a="$a" -v c="$c" 'BEGIN {print c / a}')"

a=$(median "${attache[@]}" agenda --day "$DAY")
c=$(median calcurse -D "$cal" -C "$conf" -Q --from "$cal_day" --days 1)
printf "one day's agenda:      attache %ss, calcurse %ss, attache is %.1fx faster\n" "$a" "$c" "$(awk -v a="$a" -v c="$c" 'BEGIN {print c / a}')"
