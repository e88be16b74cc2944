#!/usr/bin/env bash
# Hook overhead of a Go charm under `charmgen sim`: one steady-state
# update-status of the demo charm against /bin/true as dispatch, through the
# real charmgen binary and real hook-tool processes; then the Go benchmarks
# (the same through the simulator package, and in process).
#
# Usage: bench/hook-overhead.sh [HOOKS]   (default 100 hooks per side)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/charmgen" ./cmd/charmgen
go build -o "$work/demo" ./examples/demo/cmd/demo

events=()
for _ in $(seq "$n"); do events+=(update-status); done

measure() { # name dispatch
	local name=$1 dispatch=$2 state="$work/$1.json"
	cp examples/demo/sim-state.json "$state"
	# Converge first: deploy writes; update-status afterwards only reads.
	"$work/charmgen" sim examples/demo --dispatch "$dispatch" --state "$state" -q --scenario deploy >/dev/null
	local start end
	start=$(date +%s%N)
	"$work/charmgen" sim examples/demo --dispatch "$dispatch" --state "$state" -q "${events[@]}" >"$work/$name.timeline"
	end=$(date +%s%N)
	local calls
	calls=$(awk '{for (i=1;i<=NF;i++) if ($i ~ /^tools=/) {split($i,a,"="); s+=a[2]}} END {print s/NR}' "$work/$name.timeline")
	awk -v n="$n" -v ns=$((end - start)) -v name="$name" -v calls="$calls" \
		'BEGIN {printf "%-10s %8.2f ms/hook  (%d hooks, %.0f hook-tool calls per hook)\n", name, ns/n/1e6, n, calls}'
	echo $((end - start)) >"$work/$name.ns"
}

echo "== charmgen sim, $n x update-status, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure true /bin/true
measure demo "$work/demo"
awk -v t="$(cat "$work/true.ns")" -v d="$(cat "$work/demo.ns")" -v n="$n" \
	'BEGIN {printf "the charm adds %.2f ms per hook\n", (d-t)/n/1e6}'

# One hook-tool process on its own: charmgen under a tool's name, no agent.
ln -s "$work/charmgen" "$work/is-leader"
start=$(date +%s%N)
for _ in $(seq 50); do "$work/is-leader" >/dev/null 2>&1 || true; done
end=$(date +%s%N)
awk -v ns=$((end - start)) 'BEGIN {printf "one charmgen tool process (start, fail fast): %.2f ms\n", ns/50/1e6}'

echo
echo "== go test -bench (internal/simrun)"
go test ./internal/simrun -run '^$' -bench 'BenchmarkHook' -benchtime 50x -count 3 | grep -E '^Benchmark'
