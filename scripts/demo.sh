#!/usr/bin/env bash
# The main job on the demo charm: load and validate its metadata, show the
# normalized model, split charmcraft.yaml into the files a built charm
# carries, then build the charm and run its lifecycle under the simulator.
# Scaffolding (charmgen new) and generation (charmgen gen) join this script
# as they land.
set -euo pipefail
bin=${1:-bin/charmgen}
demo=examples/demo
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== charmgen meta show $demo"
"$bin" meta show "$demo" --format yaml | sed -n '1,40p'
echo "..."
echo
echo "== charmgen meta convert $demo --to legacy --out $out"
"$bin" meta convert "$demo" --to legacy --out "$out"
for f in "$out"/*.yaml; do
	echo "--- $(basename "$f")"
	cat "$f"
done

echo
echo "== charmgen sim $demo scenario/deploy scenario/relate update-status actions/greet scenario/teardown"
cp "$demo/sim-state.json" "$out/state.json"
"$bin" sim "$demo" --state "$out/state.json" -q \
	scenario/deploy scenario/relate \
	update-status 'actions/greet:name=world' \
	scenario/teardown
