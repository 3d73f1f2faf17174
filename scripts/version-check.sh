#!/bin/sh
# version-check.sh: one version everywhere. The newest release is named the
# same by FyneApp.toml, the metainfo's newest <release> (with the same date
# as the changelog) and the CHANGELOG's newest "## X.Y.Z — DATE" heading;
# the newest v* tag, where the clone has tags, is that release. Builds take
# their version from the tags (scripts/version.sh). Run by packaging-check.
set -eu
cd "$(dirname "$0")/.."
fail() { echo "version-check: $*" >&2; exit 1; }
fyne=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
meta=$(sed -n 's/.*<release version="\([^"]*\)" date="\([^"]*\)".*/\1 \2/p' packaging/dev.headsdown.app.metainfo.xml | head -1)
log=$(sed -n 's/^## \([0-9][^ ]*\) — \([0-9-]*\)$/\1 \2/p' CHANGELOG.md | head -1)
[ -n "$fyne" ] || fail "FyneApp.toml has no Version"
[ "$meta" = "$log" ] || fail "the metainfo's newest release ($meta) is not the CHANGELOG's ($log)"
[ "${log%% *}" = "$fyne" ] || fail "FyneApp.toml says $fyne, the CHANGELOG's newest release is ${log%% *}"
if tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null); then
	[ "$tag" = "v$fyne" ] || fail "the newest tag is $tag, but FyneApp.toml and the CHANGELOG say $fyne"
fi
echo "version-check: release $fyne ($(echo "$log" | cut -d' ' -f2)), building $(./scripts/version.sh)"
