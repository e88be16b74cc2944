#!/bin/bash
# lintset.sh CHARMGEN DIR: lint every charm directory in DIR once with the
# charmgen binary CHARMGEN and write DIR/lint-output.txt, one finding per line
# as "charm/path:line:col: RULE [severity] message" (what judge-brief.md reads).
# A directory that is not a charm (no metadata) is skipped with a note.
set -eu
cg=$(realpath "$1"); dir=$2
cd "$dir"
: > lint-output.txt
for c in */; do
  c=${c%/}
  json=$("$cg" lint --fail-on never --format json "$c" 2>/dev/null) || { echo "skipped $c: not a charm charmgen can lint" >&2; continue; }
  echo "=== $c" >> lint-output.txt
  printf '%s' "$json" | python3 -c '
import json, sys
for f in json.load(sys.stdin).get("findings", []):
    print("%s:%d:%d: %s [%s] %s" % (f["file"], f["line"], f["col"], f["rule"], f["severity"], f["message"]))
' >> lint-output.txt
done
