#!/bin/sh
# version.sh prints this checkout's version, the one every artefact carries
# (--version, the .deb, the tarball and zip names, the Windows file info):
#
#   on a release tag v0.1.0      0.1.0
#   3 commits after it           0.1.0+3.g1a2b3c4
#   with uncommitted changes     ….dirty
#   no tag reachable             FyneApp.toml's version, e.g. 0.1.0+g1a2b3c4
#                                (a shallow CI clone has no tags)
#
# The "+" form is valid SemVer build metadata and a valid Debian version
# that sorts after the release it follows.
set -eu
cd "$(dirname "$0")/.."
if d=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	# v0.1.0, v0.1.0-dirty, v0.1.0-3-g1a2b3c4, v0.1.0-3-g1a2b3c4-dirty
	echo "$d" | sed -e 's/^v//' -e 's/-dirty$/+dirty/' \
		-e 's/-\([0-9]*\)-\(g[0-9a-f]*\)/+\1.\2/' -e 's/+\(.*\)+dirty$/+\1.dirty/'
	exit 0
fi
base=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
if h=$(git rev-parse --short HEAD 2>/dev/null); then
	dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | head -1)
	echo "$base+g$h${dirty:+.dirty}"
else
	echo "$base"
fi
