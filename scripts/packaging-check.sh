#!/bin/sh
# packaging-check.sh: `make install DESTDIR=<tmp> PREFIX=/usr` must write
# exactly the files listed below (relative to PREFIX), the installed .desktop file,
# metainfo and man page must validate, the metainfo's newest release must be
# the version built, the installed headsdown must find headsdown-ui (in
# libexec, off PATH), the completions must load (zsh's from a folder on
# Debian's zsh fpath), and `make uninstall` must leave no file behind. Run
# by `make packaging-check`.
set -eu
set -- bin/headsdown libexec/headsdown/headsdown-ui \
	share/applications/dev.headsdown.app.desktop \
	share/metainfo/dev.headsdown.app.metainfo.xml \
	share/icons/hicolor/16x16/apps/dev.headsdown.app.png \
	share/icons/hicolor/22x22/apps/dev.headsdown.app.png \
	share/icons/hicolor/24x24/apps/dev.headsdown.app.png \
	share/icons/hicolor/32x32/apps/dev.headsdown.app.png \
	share/icons/hicolor/48x48/apps/dev.headsdown.app.png \
	share/icons/hicolor/64x64/apps/dev.headsdown.app.png \
	share/icons/hicolor/128x128/apps/dev.headsdown.app.png \
	share/icons/hicolor/256x256/apps/dev.headsdown.app.png \
	share/icons/hicolor/512x512/apps/dev.headsdown.app.png \
	share/icons/hicolor/scalable/apps/dev.headsdown.app.svg \
	share/man/man1/headsdown.1.gz \
	share/bash-completion/completions/headsdown \
	share/zsh/vendor-completions/_headsdown \
	share/fish/vendor_completions.d/headsdown.fish
./scripts/version-check.sh
MAKE=${MAKE:-make}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
start=$(date +%s)

$MAKE --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr

expected=$(printf '/usr/%s\n' "$@" | LC_ALL=C sort)
got=$(cd "$dest" && find . -type f -o -type l | sed 's|^\.||' | LC_ALL=C sort)
if [ "$got" != "$expected" ]; then
	echo "packaging-check: the installed tree differs from the expected list (- expected, + installed):"
	diff -u "$(printf '%s\n' "$expected" > "$dest.exp"; echo "$dest.exp")" - <<-END || true
	$got
	END
	rm -f "$dest.exp"
	exit 1
fi
echo "installed (DESTDIR=$dest PREFIX=/usr):"
(cd "$dest" && find . -type f -printf '  %m %10s %P\n' | LC_ALL=C sort -k3)

share=$dest/usr/share
desktop-file-validate "$share/applications/dev.headsdown.app.desktop"
appstreamcli validate --no-net --pedantic "$share/metainfo/dev.headsdown.app.metainfo.xml"
# Whatever groff finds wrong in the man page is an error here.
warn=$(gzip -dc "$share/man/man1/headsdown.1.gz" | groff -man -Tutf8 -z -ww 2>&1)
if [ -n "$warn" ]; then
	echo "packaging-check: groff warns about headsdown.1:"; echo "$warn"; exit 1
fi
# The metainfo names the version built as its newest release (a build
# between releases as a development release), not the last tag's.
version=$(./scripts/version.sh)
newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$share/metainfo/dev.headsdown.app.metainfo.xml" | head -1)
[ "$newest" = "$version" ] || { echo "packaging-check: the metainfo's newest release is $newest, the build is $version"; exit 1; }
# The installed binaries run; the completions are well-formed shell.
"$dest/usr/bin/headsdown" --version
# headsdown finds headsdown-ui in libexec and starts it: with no display,
# the window program's own words come back, not "was not found".
out=$(env -i PATH=/usr/bin:/bin HOME="$dest" HEADSDOWN_DATA_DIR="$dest/data" "$dest/usr/bin/headsdown" window custom 2>&1) && {
	echo "packaging-check: headsdown window custom with no display succeeded: $out"; exit 1; }
case $out in
*"headsdown-ui: no display to show the window on"*) ;;
*) echo "packaging-check: the installed headsdown did not start the installed headsdown-ui: $out"; exit 1 ;;
esac
rm -rf "$dest/data"
bash -n "$share/bash-completion/completions/headsdown"
if command -v zsh >/dev/null; then
	zsh -n "$share/zsh/vendor-completions/_headsdown"
	# Where the system's zsh looks for completions: the .deb's must be there.
	zsh -fc 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions ||
		{ echo "packaging-check: /usr/share/zsh/vendor-completions is not on zsh's fpath: $(zsh -fc 'print $fpath')"; exit 1; }
fi
if command -v fish >/dev/null; then fish -n "$share/fish/vendor_completions.d/headsdown.fish"; fi
for f in "$@"; do
	case $f in
	*.png) [ "$(file -b "$dest/usr/$f" | cut -d, -f2)" = " $(echo "$f" | sed 's|.*/\([0-9]*\)x\([0-9]*\)/.*|\1 x \2|')" ] ||
		{ echo "packaging-check: $f: $(file -b "$dest/usr/$f")"; exit 1; } ;;
	esac
done

$MAKE --no-print-directory -s uninstall DESTDIR="$dest" PREFIX=/usr
left=$(find "$dest" ! -type d)
if [ -n "$left" ]; then
	echo "packaging-check: make uninstall left:"; echo "$left"; exit 1
fi
echo "packaging-check: ok in $(($(date +%s) - start)) s"
