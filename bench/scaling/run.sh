#!/usr/bin/env bash
# The scaling study: how load + compile, memory, `accord check --batch` throughput and
# `accord lint` grow with the number of clauses, parties and proposal fields, and what a user
# gets past each limit. Generates the packs with gen.py (beside this script) under WORK and
# prints Markdown tables on stdout.
#
#   bench/scaling/run.sh ACCORD [WORK]          # WORK defaults to /tmp/accord-scaling
#
# Environment:
#   SERIES      which series to run (default "clauses broad parties fields limits")
#   LINES       lines per batch file (default 100000)
#   REPS        runs per measurement; the median CPU time is reported (default 3)
#   LINT_LIMIT  accord lint --time-limit, seconds (default 60, the command's default)
#   CLAUSES     the clause counts of the clauses series (default "10 100 1000 10000")
#   PARTIES     the party counts of the parties series (default "50 200 510")
#   FIELDS      the field counts of the fields series (default "12 32 64")
#   BASE_CLAUSES  clauses in the parties and fields series (default 1000)
#   GIVE        probability that a batch line gives each optional field (default 0.3)
#   SPECIFIC    fraction of clauses that name the states they concern (gen.py --specific,
#               default 0.8); the series "broad" runs the clause counts with 0 (every clause
#               applies to whole organizations: the output per decision grows with the packs)
#   BROAD       the clause counts of the broad series (default "10 100 1000")
#
# Times: CPU = user + sys of the process (from GNU time), which a busy shared machine inflates
# far less than wall time; wall is shown beside it. RSS = the process's peak resident set.
# "load ms" is the engine's own measurement (`accord -v`: "loaded N clauses ... in X ms",
# load_rules + Engine::build, wall). Needs GNU time at /usr/bin/time (Debian package time) and
# python3 (gen.py writes the YAML itself: no PyYAML needed).
set -u
ACCORD=${1:?usage: run.sh ACCORD [WORK]}
WORK=${2:-/tmp/accord-scaling}
HERE=$(cd "$(dirname "$0")" && pwd)
SERIES=${SERIES:-clauses broad parties fields limits}
LINES=${LINES:-100000}
REPS=${REPS:-3}
LINT_LIMIT=${LINT_LIMIT:-60}
CLAUSES=${CLAUSES:-10 100 1000 10000}
PARTIES=${PARTIES:-50 200 510}
FIELDS=${FIELDS:-12 32 64}
BASE_CLAUSES=${BASE_CLAUSES:-1000}
GIVE=${GIVE:-0.3}
SPECIFIC=${SPECIFIC:-0.8}
BROAD=${BROAD:-10 100 1000}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "run.sh: needs GNU time at /usr/bin/time (Debian package time)" >&2; exit 2; }
[ -x "$ACCORD" ] || { echo "run.sh: $ACCORD is not an executable" >&2; exit 2; }
mkdir -p "$WORK"

# timed OUT_PREFIX CMD...: runs CMD with stdout to OUT_PREFIX.out, stderr to OUT_PREFIX.err and
# "wall user sys maxrss_kb exit" to OUT_PREFIX.time.
timed() {
  local pre=$1; shift
  "$TIME" -o "$pre.time" -f '%e %U %S %M %x' "$@" >"$pre.out" 2>"$pre.err"
}
# cpu_ms PREFIX: user + sys of the last timed run, in ms (GNU time writes "Command exited with
# non-zero status N" first when the command fails: the numbers are on the last line).
cpu_ms() { tail -n1 "$1.time" | awk '{ printf "%.0f", ($2 + $3) * 1000 }'; }
wall_ms() { tail -n1 "$1.time" | awk '{ printf "%.0f", $1 * 1000 }'; }
rss_mb() { tail -n1 "$1.time" | awk '{ printf "%.1f", $4 / 1024 }'; }
exit_code() { tail -n1 "$1.time" | awk '{ print $5 }'; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure NAME DIR: one row of the table for the generated DIR.
measure() {
  local name=$1 dir=$2 pre="$2/m" r cpus=() walls=() loads=() bcpus=() bwalls=()
  local rules="$dir/rules"
  # Load + compile + one decision.
  for ((r = 0; r < REPS; r++)); do
    timed "$pre.one" "$ACCORD" -v check --rules "$rules" --batch "$dir/one.jsonl"
    if ! grep -q 'loaded' "$pre.one.err"; then
      printf '| %s | load failed: %s |\n' "$name" "$(grep -m1 'error' "$pre.one.err")"
      return
    fi
    cpus+=("$(cpu_ms "$pre.one")"); walls+=("$(wall_ms "$pre.one")")
    loads+=("$(sed -n 's/.*loaded .* in \([0-9.]*\) ms.*/\1/p' "$pre.one.err")")
  done
  local one_cpu one_wall one_rss load
  one_cpu=$(median "${cpus[@]}"); one_wall=$(median "${walls[@]}"); one_rss=$(rss_mb "$pre.one"); load=$(median "${loads[@]}")
  # The batch, one thread, output discarded (written to a file: it is part of the work).
  for ((r = 0; r < REPS; r++)); do
    # stdout through a pipe that counts its bytes (the output can be GBs: broad packs apply
    # hundreds of clauses per proposal); a line that fails writes one error on stderr.
    "$TIME" -o "$pre.batch.time" -f '%e %U %S %M %x' "$ACCORD" check --rules "$rules" --batch "$dir/batch.jsonl" \
      --threads 1 2>"$pre.batch.err" | wc -c >"$pre.batch.bytes"
    bcpus+=("$(cpu_ms "$pre.batch")"); bwalls+=("$(wall_ms "$pre.batch")")
  done
  local b_cpu b_wall b_rss lines failed per_cpu per_cpu_net out_mb
  b_cpu=$(median "${bcpus[@]}"); b_wall=$(median "${bwalls[@]}"); b_rss=$(rss_mb "$pre.batch")
  lines=$(wc -l <"$dir/batch.jsonl")
  failed=$(grep -c ': error: ' "$pre.batch.err")
  out_mb=$(awk -v b="$(cat "$pre.batch.bytes")" -v n="$lines" 'BEGIN { printf "%.0f", b / n }')
  per_cpu=$(awk -v n="$lines" -v c="$b_cpu" 'BEGIN { printf "%.0f", n / (c / 1000) }')
  per_cpu_net=$(awk -v n="$lines" -v c="$b_cpu" -v o="$one_cpu" 'BEGIN { d = c - o; if (d <= 0) d = 1; printf "%.0f", n / (d / 1000) }')
  # Lint.
  timed "$pre.lint" "$ACCORD" lint --rules "$rules" --time-limit "$LINT_LIMIT"
  local l_cpu l_wall l_rss l_props l_epochs l_status l_warn
  l_cpu=$(cpu_ms "$pre.lint"); l_wall=$(wall_ms "$pre.lint"); l_rss=$(rss_mb "$pre.lint")
  l_props=$(sed -n 's/.*; \([0-9]*\) representative proposals over \([0-9]*\) date epochs.*/\1/p' "$pre.lint.out")
  l_epochs=$(sed -n 's/.*representative proposals over \([0-9]*\) date epochs.*/\1/p' "$pre.lint.out")
  l_warn=$(sed -n 's/.* clauses, \([0-9]*\) warnings.*/\1/p' "$pre.lint.out")
  if grep -q 'lint stopped' "$pre.lint.err"; then l_status="stopped ($(grep -o 'time limit\|limit of [0-9]* proposals' "$pre.lint.err" | head -1))"
  elif [ "$(exit_code "$pre.lint")" = 0 ]; then l_status=complete
  else l_status="exit $(exit_code "$pre.lint"): $(grep -m1 -v '^$' "$pre.lint.err" | cut -c1-80)"; fi
  printf '| %s | %s | %s / %s | %s | %s / %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s |\n' \
    "$name" "$load" "$one_cpu" "$one_wall" "$one_rss" "$b_cpu" "$b_wall" "$per_cpu" "$per_cpu_net" "$b_rss" "$failed" "$out_mb" \
    "$l_cpu" "$l_wall" "$l_rss" "${l_props:-?}" "${l_epochs:-?}" "$l_status${l_warn:+, $l_warn warnings}"
}

header() {
  echo
  echo "### $1"
  echo
  echo "| size | load ms (in-process) | 1 check CPU / wall ms | 1 check RSS MB | batch CPU / wall ms | decisions per CPU-s | per CPU-s without start+load | batch RSS MB | failed lines | output bytes per line | lint CPU / wall ms | lint RSS MB | lint proposals | lint epochs | lint result |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
}

gen() { python3 "$HERE/gen.py" --lines "$LINES" --give "$GIVE" --specific "$SPECIFIC" "$@" >/dev/null; }

echo "# accord scaling study"
echo
echo "binary: $ACCORD; $(nproc) CPUs; $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lines per batch: $LINES; median of $REPS runs (CPU); lint --time-limit $LINT_LIMIT"

for s in $SERIES; do
  case $s in
    clauses)
      header "Clauses (200 parties, 12 fields, gen.py --specific $SPECIFIC)"
      for n in $CLAUSES; do
        d="$WORK/clauses-$n"; gen "$d" --clauses "$n" --parties 200 --fields 12
        measure "$n clauses" "$d"
      done ;;
    broad)
      header "Clauses, broad (200 parties, 12 fields, gen.py --specific 0: no clause names a state)"
      for n in $BROAD; do
        d="$WORK/broad-$n"; gen "$d" --clauses "$n" --parties 200 --fields 12 --specific 0
        measure "$n clauses" "$d"
      done ;;
    parties)
      header "Parties ($BASE_CLAUSES clauses, 12 fields; states + organizations + instruments)"
      for n in $PARTIES; do
        d="$WORK/parties-$n"; gen "$d" --clauses "$BASE_CLAUSES" --parties "$n" --fields 12
        measure "$n parties ($(sed -n 's/^largest_membership //p' "$d/sizes.txt") in the largest organization)" "$d"
      done ;;
    fields)
      header "Proposal fields ($BASE_CLAUSES clauses, 200 parties; action and date included)"
      for n in $FIELDS; do
        d="$WORK/fields-$n"; gen "$d" --clauses "$BASE_CLAUSES" --parties 200 --fields "$n"
        measure "$n fields" "$d"
      done ;;
    limits)
      echo
      echo "### Limits: the first error line a user gets"
      echo
      echo "| what | exit | CPU ms | RSS MB | message |"
      echo "|---|---|---|---|---|"
      for spec in "parties 510" "parties 511" "parties 512" "fields 64" "fields 65" "clauses 10000" "clauses 10001"; do
        set -- $spec
        d="$WORK/limit-$1-$2"
        case $1 in
          parties) gen "$d" --clauses 100 --parties "$2" --fields 12 ;;
          fields) gen "$d" --clauses 100 --parties 200 --fields "$2" ;;
          clauses) gen "$d" --clauses "$2" --parties 200 --fields 12 ;;
        esac
        timed "$d/m.lim" "$ACCORD" check --rules "$d/rules" --batch "$d/one.jsonl"
        msg=$(grep -m1 'error' "$d/m.lim.err" | cut -c1-200)
        printf '| %s %s | %s | %s | %s | %s |\n' "$1" "$2" "$(exit_code "$d/m.lim")" "$(cpu_ms "$d/m.lim")" \
          "$(rss_mb "$d/m.lim")" "${msg:-(loads and decides)}"
      done ;;
    *) echo "run.sh: unknown series '$s'" >&2; exit 2 ;;
  esac
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
