#!/bin/sh
# packaging-check.sh: `make install DESTDIR=<tmp> PREFIX=/usr` must write
# exactly the files listed below (relative to PREFIX), the installed .desktop file,
# metainfo and man page must validate, the completions must load, and
# `make uninstall` must leave no file behind. Run by `make packaging-check`.
set -eu
set -- bin/headsdown bin/headsdown-ui \
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
	share/zsh/site-functions/_headsdown \
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
# The installed binaries run; the completions are well-formed shell.
"$dest/usr/bin/headsdown" --version
bash -n "$share/bash-completion/completions/headsdown"
if command -v zsh >/dev/null; then zsh -n "$share/zsh/site-functions/_headsdown"; fi
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
