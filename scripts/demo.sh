#!/usr/bin/env bash
# The main job on the demo charm: load and validate its metadata, show the
# normalized model, and split charmcraft.yaml into the files a built charm
# carries. Later stages (gen, build, sim) join this script as they land.
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
