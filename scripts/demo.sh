#!/usr/bin/env bash
# The main job, end to end: scaffold a charm with charmgen new, check its
# generated code, build it, run its lifecycle under the simulator; then the
# metadata tools on examples/demo (show, convert) and the hand-written demo
# charm's own lifecycle with relations.
set -euo pipefail
bin=$(realpath "${1:-bin/charmgen}")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== charmgen new hello --kind machine (in $work)"
"$bin" new hello --dir "$work/hello" --kind machine --sdk "$root" >/dev/null
(cd "$work/hello" && find . -type f -not -path './.git/*' | sort | sed 's/^/   /')
echo
echo "== charmgen gen --check; go build ./...; go test ./..."
(cd "$work/hello" && "$bin" gen --check && go build ./... && go test ./... 2>&1 | sed 's/^/   /')
echo
echo "== charmgen sim --scenario deploy (builds hello and runs install, leader-elected, config-changed, start)"
(cd "$work/hello" && "$bin" sim -q --scenario deploy)
echo
echo "== charmgen new web --kind kubernetes; charmgen sim --scenario deploy (the container's Pebble is simulated)"
"$bin" new web --dir "$work/web" --kind kubernetes --sdk "$root" >/dev/null
(cd "$work/web" && "$bin" sim -q --scenario deploy --out "$work/web.json")
echo "   the workload container's Pebble after deploy:"
grep -E '"(command|current|can_connect)"' "$work/web.json" | sort -u | sed 's/^ */     /'
echo
echo "== charmgen meta show examples/demo --format yaml (first lines)"
"$bin" meta show examples/demo --format yaml | sed -n '1,12p'
echo "   ..."
echo
echo "== charmgen meta convert examples/demo --to legacy"
"$bin" meta convert examples/demo --to legacy --out "$work/legacy"
echo
echo "== charmgen sim examples/demo: deploy, relate, update-status, greet, teardown"
cp examples/demo/sim-state.json "$work/state.json"
"$bin" sim examples/demo --state "$work/state.json" -q \
	scenario/deploy scenario/relate \
	update-status 'actions/greet:name=world' \
	scenario/teardown
