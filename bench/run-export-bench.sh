#!/usr/bin/env bash
# run-export-bench.sh — time `stroma export` against its floor and against Python
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/run-export-bench.sh [-b BUILD_DIR] [-n RUNS] [-c DATA_CUT] [-u USER] TRIAL...
#
# For each trial file (e.g. `stroma demo t68.db`, `stroma demo --subjects 2000 t2000.db`),
# times three programs writing the same workbook cells, RUNS times each, interleaved:
#   stroma export       the real thing: reads the trial, derives, verifies, logs
#   bare libxlsxwriter  bench-export: the cells alone from a text dump, the floor
#   Python XlsxWriter   bench-export.py: the cells read from the trial with sqlite3
# and prints the median wall time and peak RSS of each (GNU time), and the ratios. The
# derived sheets' JSON and the dump are made beforehand and not timed. The trial is copied
# first, since every export is recorded in it, by USER (default sponsor.zhao, the demo's sponsor
# liaison). PYTHON names a Python 3 with xlsxwriter (Debian: python3-xlsxwriter).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build="$here/../_build"
runs=5
cut=2026-10-31
user=sponsor.zhao
python=${PYTHON:-python3}
usage="Usage: $0 [-b BUILD_DIR] [-n RUNS] [-c DATA_CUT] [-u USER] TRIAL..."

while getopts "b:n:c:u:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    n) runs=$OPTARG ;;
    c) cut=$OPTARG ;;
    u) user=$OPTARG ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }

stroma="$build/app/stroma"
bare="$build/bench/bench-export"
for program in "$stroma" "$bare" /usr/bin/time; do
  [ -x "$program" ] ||
    { echo "$program is missing (build first; GNU time: apt install time)" >&2; exit 2; }
done
"$python" -c 'import xlsxwriter' 2>/dev/null ||
  { echo "$python has no xlsxwriter: apt install python3-xlsxwriter, or set PYTHON" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/stroma-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

# median of the numbers on stdin
median () {
  sort -g | awk '{ v[NR] = $1 }
    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run NAME COMMAND...: appends "wall rss_kb" to $work/NAME.times
run () {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/$name.err" ||
    { echo "$name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
  cat "$work/time.txt" >> "$work/$name.times"
}

printf '%-22s %-20s %10s %12s %9s\n' "trial" "program" "wall (s)" "peak RSS" "vs bare"
for trial in "$@"; do
  name=$(basename "$trial")
  cp "$trial" "$work/trial.db"
  subjects=$(sqlite3 "$work/trial.db" "SELECT count(*) FROM subjects WHERE voided = 0")
  "$stroma" endpoints --format json --data-cut "$cut" "$work/trial.db" > "$work/endpoints.json"
  "$stroma" stats --format json --data-cut "$cut" "$work/trial.db" > "$work/stats.json"
  "$python" "$here/bench-export.py" "$work/trial.db" --dump "$work/cells.tsv" --data-cut "$cut" \
    --endpoints "$work/endpoints.json" --stats "$work/stats.json"
  rm -f "$work"/*.times

  for _ in $(seq "$runs"); do
    run stroma "$stroma" export -q --data-cut "$cut" --user "$user" "$work/trial.db" \
      "$work/stroma.xlsx"
    run bare "$bare" "$work/cells.tsv" "$work/bare.xlsx"
    run python "$python" "$here/bench-export.py" "$work/trial.db" "$work/python.xlsx" \
      --data-cut "$cut" --endpoints "$work/endpoints.json" --stats "$work/stats.json"
  done

  declare -A wall rss
  for p in stroma bare python; do
    wall[$p]=$(cut -d' ' -f1 "$work/$p.times" | median)
    rss[$p]=$(cut -d' ' -f2 "$work/$p.times" | median)
  done

  label="$name ($subjects)"
  for p in stroma bare python; do
    case $p in
      stroma) title="stroma export" ;;
      bare) title="bare libxlsxwriter" ;;
      python) title="Python XlsxWriter" ;;
    esac
    awk -v l="$label" -v t="$title" -v w="${wall[$p]}" -v r="${rss[$p]}" -v b="${wall[bare]}" \
      'BEGIN { printf "%-22s %-20s %10.2f %9.1f MiB %8.2fx\n", l, t, w, r / 1024, w / b }'
    label=""
  done
  awk -v s="${wall[stroma]}" -v p="${wall[python]}" -v n="$runs" \
    'BEGIN { printf "%-22s Stroma is %.1fx faster than Python (median of %d runs)\n", "", p / s,
             n }'
  unset wall rss
done
