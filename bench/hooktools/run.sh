#!/usr/bin/env bash
# What one steady-state update-status costs, per hook, under `charmgen sim`
# (whose agent speaks Juju's hook-tool protocol): /bin/true as dispatch, the
# Go charm (golden/minimal-machine: Reconcile returns ActiveStatus) with its
# runtime on the agent's socket, the same charm with CHARMGEN_HOOK_TOOLS=exec
# (a tool process per call), and the smallest Python ops charm doing the same
# (bench/hooktools/opscharm). Each is timed as a whole `charmgen sim` command
# running HOOKS update-status hooks and running one, ROUNDS times each; the
# per-hook figure is (median(HOOKS) - median(1)) / (HOOKS - 1), so the
# command's own start-up drops out. Then the Go benchmark (in process, no
# command start-up).
#
# Usage: bench/hooktools/run.sh [HOOKS] [ROUNDS]   (default 100 hooks, 5 rounds;
#        the ops charm runs HOOKS/5 hooks: it is two orders of magnitude slower)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100}
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/charmgen" ./cmd/charmgen
# As charmcraft builds the charms charmgen new writes: CGO_ENABLED=0.
CGO_ENABLED=0 go build -o "$work/go-charm" ./golden/minimal-machine/out/cmd/tiny
cp -R bench/hooktools/opscharm "$work/ops" # ops writes its state into the charm dir
corpus=$(cd .. && pwd)/shared/corpus/python

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME CHARM_DIR DISPATCH HOOKS [ENV=VALUE...]: prints ms per hook.
measure() {
	local name=$1 dir=$2 dispatch=$3 hooks=$4
	shift 4
	local state="$work/$name.json" events=() one many t0
	rm -f "$state"
	env "$@" "$work/charmgen" sim "$dir" --dispatch "$dispatch" --state "$state" -q --scenario deploy >/dev/null
	for _ in $(seq "$hooks"); do events+=(update-status); done
	one=() many=()
	for _ in $(seq "$rounds"); do
		t0=$(now)
		env "$@" "$work/charmgen" sim "$dir" --dispatch "$dispatch" --state "$state" -q update-status >/dev/null
		one+=($(($(now) - t0)))
		t0=$(now)
		env "$@" "$work/charmgen" sim "$dir" --dispatch "$dispatch" --state "$state" -q "${events[@]}" >"$work/$name.timeline"
		many+=($(($(now) - t0)))
	done
	local m1 mn calls
	m1=$(printf '%s\n' "${one[@]}" | median)
	mn=$(printf '%s\n' "${many[@]}" | median)
	calls=$(awk '{for (i=1;i<=NF;i++) if ($i ~ /^tools=/) {split($i,a,"="); s+=a[2]}} END {print s/NR}' "$work/$name.timeline")
	awk -v a="$m1" -v b="$mn" -v h="$hooks" 'BEGIN {printf "%.3f", (b-a)/(h-1)/1e6}' >"$work/$name.ms"
	printf '%-8s %8.3f ms/hook  (%d hooks x %d rounds, %s hook-tool calls per hook)\n' "$name" "$(cat "$work/$name.ms")" "$hooks" "$rounds" "$calls"
}

echo "== charmgen sim, update-status, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure true golden/minimal-machine /bin/true "$n"
measure go golden/minimal-machine "$work/go-charm" "$n" CHARMGEN_HOOK_TOOLS=
measure go-exec golden/minimal-machine "$work/go-charm" "$n" CHARMGEN_HOOK_TOOLS=exec
if python3 -c 'import sys; sys.path[:0] = sys.argv[1:]; import ops' "$corpus" "$corpus/lib" "$corpus/stubs" 2>/dev/null; then
	measure ops "$work/ops" "$work/ops/dispatch" $((n / 5 > 2 ? n / 5 : 2)) "PYTHONPATH=$corpus:$corpus/lib:$corpus/stubs"
else
	echo "ops      skipped: ops not found under $corpus"
fi
ratio() { awk -v a="$(cat "$work/$1.ms")" -v b="$(cat "$work/$2.ms")" -v l="$3" 'BEGIN {printf "%-28s %6.1fx\n", l, a/b}'; }
echo "load now $(cut -d' ' -f1-3 /proc/loadavg)"
ratio go true "go / true"
ratio go-exec go "go-exec / go"
[ -f "$work/ops.ms" ] && ratio ops go "ops / go"

echo
echo "== go test -bench (bench/hooktools, in process: no command start-up)"
go test ./bench/hooktools -run '^$' -bench 'BenchmarkUpdateStatus/(true|go|go-exec)$' -benchtime 200x -count 3 | grep -E '^Benchmark'
