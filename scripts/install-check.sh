#!/usr/bin/env bash
# Checks README.md's install section: in a temporary directory, with GOBIN
# there too, it runs the commands between README's BEGIN INSTALL and END
# INSTALL markers exactly as written (the only change: the clone's source
# is this repository, at its committed HEAD, unless CHARMGEN_INSTALL_SRC
# names another), then, from PATH, charmgen version (which must name the
# cloned revision, unmodified) and charmgen new ... && charmgen gen --check.
# The commands are read from README.md, so the two cannot drift.
#
#   scripts/install-check.sh        (make install-check; .ci/run runs it)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
readme="$repo/README.md"
url="https://github.com/charmgen/charmgen.git"
src="${CHARMGEN_INSTALL_SRC:-$repo}"

block=$(awk '/^<!-- BEGIN INSTALL/ {on=1; next} /^<!-- END INSTALL/ {on=0} on' "$readme" | grep -v '^```')
if [ -z "$block" ]; then
	echo "install-check: $readme:1:1: no commands between <!-- BEGIN INSTALL ... --> and <!-- END INSTALL --> markers; put the install commands back between them" >&2
	exit 1
fi
if ! grep -qF "git clone $url" <<<"$block"; then
	echo "install-check: $readme: the install commands do not clone $url; update this script's url with README" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
echo "== README.md's install commands, in $work (GOBIN=$work/bin, clone of $src)"
sed 's/^/   /' <<<"$block"

# The commands and the checks run in one shell, so the PATH the commands
# export is the one the checks use. A charmgen already on PATH must not be
# the one found.
checks='
set -euo pipefail
clone=$PWD
found=$(command -v charmgen || true)
if [ "$found" != "$GOBIN/charmgen" ]; then
	echo "install-check: charmgen on PATH is ${found:-missing}, not $GOBIN/charmgen: the install section does not put it on PATH" >&2
	exit 1
fi
want="(git $(git -C "$clone" rev-parse HEAD))"
got=$(charmgen version)
case "$got" in
"charmgen "*" $want") ;;
*) echo "install-check: charmgen version printed \"$got\"; want the cloned revision: charmgen <version> $want" >&2; exit 1 ;;
esac
[ "$(charmgen --version)" = "$got" ] || { echo "install-check: charmgen --version differs from charmgen version" >&2; exit 1; }
echo "== charmgen new demo --sdk <clone> && charmgen gen --check (from PATH)"
cd "$clone/.."
charmgen new demo --sdk "$clone" >/dev/null
cd demo
charmgen gen --check
echo "   ok: generated code is current"
'
# The clone's source: this repository, into the directory the URL names.
script=$(while IFS= read -r line; do
	case "$line" in
	"git clone $url") printf 'git clone %q charmgen\n' "$src" ;;
	"git clone $url "*) printf 'git clone %q%s\n' "$src" "${line#"git clone $url"}" ;;
	*) printf '%s\n' "$line" ;;
	esac
done <<<"$block")
(
	cd "$work"
	export GOBIN="$work/bin"
	bash -c "set -euo pipefail
$script
$checks"
)
echo "install-check: ok"
