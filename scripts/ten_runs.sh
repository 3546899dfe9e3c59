#!/usr/bin/env bash
# The whole test suite, run after run, on a loaded machine, from fresh clones (issue 18's last check:
# "ten runs in a row of the whole suite on a loaded machine without one failure").
#
#   nohup scripts/ten_runs.sh [--runs 10] [--beside 2] [--rev HEAD] [--log DIR] [-- PYTEST ARGS] > /dev/null 2>&1 &
#
# --beside 2 runs two suites side by side, each from a clone of its own, so each run is loaded by the
# other as well as by whatever else the machine does; --runs counts them all (10 = 5 rounds of 2).
# No venv is made: the clone is put on PYTHONPATH of the project's interpreter ($PYTHON, default
# the repository's .venv/bin/python). Each run gets its own --basetemp under the log folder (kept: a failing
# test's workspace and scheduler log stay there), and -p no:cacheprovider so no run leans on an earlier.
#
# The log folder gets summary.log (one line per run: start, end, rc, pytest's last line, the load
# average before and after, and a tally at the end) and run-<n>.out (pytest's whole output).
set -u

runs=10 beside=2 rev=HEAD log=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --beside) beside=$2; shift 2 ;;
    --rev) rev=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "ten_runs.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse "$rev") || exit 2
log=${log:-/tmp/ten-runs-${commit:0:7}-$(date -u +%Y%m%dT%H%M%S)}
python=${PYTHON:-$repo/.venv/bin/python}
[ -x "$python" ] || { echo "ten_runs.sh: no interpreter at $python (set PYTHON)" >&2; exit 2; }
mkdir -p "$log"
summary=$log/summary.log
echo "commit $commit ($(git -C "$repo" log -1 --format=%s "$commit")), $runs runs, $beside side by side, $(nproc) cores" > "$summary"

for lane in $(seq 1 "$beside"); do
  clone=$log/clone-$lane
  git clone -q --no-local "$repo" "$clone" && git -C "$clone" checkout -q "$commit" || exit 1
done

run_one() {  # lane number, run number, then pytest's own arguments (none: the whole suite)
  local lane=$1 n=$2 clone=$log/clone-$1 start rc last load_before
  shift 2
  start=$(date -u +%H:%M:%S) load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  (cd "$clone" && PYTHONPATH=$clone "$python" -m pytest -q -p no:cacheprovider --basetemp "$log/tmp-$n" \
    "$@" > "$log/run-$n.out" 2>&1)
  rc=$?
  last=$(grep -E '(passed|failed|error)' "$log/run-$n.out" | tail -1)
  echo "run $n (clone $lane): $start-$(date -u +%H:%M:%S) rc=$rc $last; load $load_before -> $(cut -d' ' -f1-3 /proc/loadavg)" >> "$summary"
  grep -E '^(FAILED|ERROR) ' "$log/run-$n.out" | sed 's/^/    /' >> "$summary"
}

n=0
while [ "$n" -lt "$runs" ]; do
  for lane in $(seq 1 "$beside"); do
    [ "$n" -lt "$runs" ] || break
    n=$((n + 1))
    run_one "$lane" "$n" "$@" &
  done
  wait
done
passed=$(grep -c '^run .* rc=0 ' "$summary")
echo "done $(date -u +%H:%M:%S): $passed/$runs runs passed" >> "$summary"
[ "$passed" -eq "$runs" ]
