#!/bin/sh
# dist-check.sh: checks make dist's artefacts as a user meets them (run by
# make dist-check, with VERSION set):
#   - the tarball holds the install tree, the INSTALL note and the docs, and
#     its headsdown says its version;
#   - the .deb's control file names the version and the libraries the
#     windows load; apt-get installs it on this machine, /usr/bin/headsdown
#     runs headless (start, status, stop) with the files where the XDG spec
#     puts them, and apt-get remove takes every file away again;
#   - the Windows zip holds two GUI-subsystem programs with icon and
#     version information, the .ico, README, LICENSE and INSTALL.
set -eu
: "${VERSION:?VERSION must be set}"
cd "$(dirname "$0")/.."
GO=${GO:-go}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
dist=dist
tar_name=headsdown_${VERSION}_linux_amd64
deb=$dist/headsdown_${VERSION}_amd64.deb
zip_name=headsdown_${VERSION}_windows_amd64
work=$(mktemp -d)
headless=""
ours="" # set while the .deb this check installed is on the machine
cleanup() {
	if [ -n "$headless" ]; then kill "$headless" 2>/dev/null || true; fi
	if [ -n "$ours" ]; then $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq headsdown >/dev/null 2>&1 || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "dist-check: $*" >&2; exit 1; }
start=$(date +%s)

# --- The checksums: every artefact, and nothing else, checks out.
sums=$(cd "$dist" && awk '{print $2}' SHA256SUMS | LC_ALL=C sort)
want=$(printf '%s\n' "$tar_name.tar.gz" "headsdown_${VERSION}_amd64.deb" "$zip_name.zip" "${zip_name}_setup.exe" | LC_ALL=C sort)
[ "$sums" = "$want" ] || fail "SHA256SUMS lists $(echo $sums), want $(echo $want)"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "an artefact does not match SHA256SUMS"
echo "dist-check: SHA256SUMS: $(echo "$sums" | wc -l) artefacts check out"

# The install tree, as packaging-check.sh lists it, relative to a prefix;
# zsh's completion is where zsh looks: site-functions under a prefix of
# one's own (the tarball), vendor-completions in the .deb (/usr).
tree="bin/headsdown libexec/headsdown/headsdown-ui
share/applications/dev.headsdown.app.desktop
share/metainfo/dev.headsdown.app.metainfo.xml
share/icons/hicolor/scalable/apps/dev.headsdown.app.svg
share/man/man1/headsdown.1.gz
share/bash-completion/completions/headsdown
share/fish/vendor_completions.d/headsdown.fish"
for n in 16 22 24 32 48 64 128 256 512; do
	tree="$tree
share/icons/hicolor/${n}x$n/apps/dev.headsdown.app.png"
done

# --- The tarball.
tar -xzf "$dist/$tar_name.tar.gz" -C "$work"
want=$(printf '%s\n' $tree share/zsh/site-functions/_headsdown INSTALL share/doc/headsdown/README.md share/doc/headsdown/CHANGELOG.md \
	share/doc/headsdown/LICENSE | LC_ALL=C sort)
got=$(cd "$work/$tar_name" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
[ "$got" = "$want" ] || fail "the tarball's files differ (- expected, + found):
$(printf '%s\n' "$want" > "$work/want"; printf '%s\n' "$got" | diff -u "$work/want" - || true)"
grep -q "Heads Down $VERSION" "$work/$tar_name/INSTALL" || fail "INSTALL does not name $VERSION"
v=$("$work/$tar_name/bin/headsdown" --version)
[ "$v" = "headsdown $VERSION" ] || fail "the tarball's headsdown --version says '$v', want 'headsdown $VERSION'"
echo "dist-check: $tar_name.tar.gz: $(printf '%s\n' "$got" | wc -l) files, $v"

# --- The .deb: its control file, then installed for real.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = headsdown ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$VERSION" ] || fail "Version: $(field Version), want $VERSION"
for lib in libc6 libgl1 libx11-6; do
	field Depends | grep -q "$lib" || fail "Depends does not name $lib: $(field Depends)"
done
# Every X11, Wayland and GL library the windows load at run time (GLFW's
# dlopen names are in the binary) comes from a package Depends names. The
# package is named after the soname (Debian policy 8.1): libX11.so.6 is
# libx11-6, libEGL.so.1 is libegl1.
for lib in $(strings "$work/$tar_name/libexec/headsdown/headsdown-ui" |
	grep -E '^lib(X[A-Za-z0-9-]*|wayland-[a-z]+|xkbcommon|EGL|GL)\.so\.[0-9]+$' | LC_ALL=C sort -u); do
	pkg=$(echo "$lib" | tr 'A-Z' 'a-z' | sed -e 's/\([0-9]\)\.so\./\1-/' -e 's/\.so\.//')
	field Depends | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' | grep -qx "$pkg" ||
		fail "headsdown-ui loads $lib, so Depends must name $pkg: $(field Depends)"
done
debfiles=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./usr/||' | LC_ALL=C sort)
want=$(printf '%s\n' $tree share/zsh/vendor-completions/_headsdown share/doc/headsdown/copyright share/doc/headsdown/changelog.gz \
	share/doc/headsdown/CHANGELOG.md.gz share/lintian/overrides/headsdown | LC_ALL=C sort)
[ "$debfiles" = "$want" ] || fail "the .deb's files differ (- expected, + found):
$(printf '%s\n' "$want" > "$work/want"; printf '%s\n' "$debfiles" | diff -u "$work/want" - || true)"
if dpkg-deb -c "$deb" | awk '{print $2}' | grep -qv '^root/root$'; then fail "files in the .deb are not owned by root"; fi
# Debian's own package checker: no errors and no warnings (the one
# override the package ships is explained in scripts/mkdeb.sh).
lint=$(lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1) ||
	fail "lintian $deb:
$lint"

if dpkg-query -W -f='${Status}' headsdown 2>/dev/null | grep -q "install ok installed"; then
	# A developer's own Heads Down: not replaced or removed by a test run.
	# CI machines are fresh, and there this check always runs.
	[ -z "${CI:-}" ] || fail "a headsdown package is already installed on this CI machine"
	echo "dist-check: headsdown $(dpkg-query -W -f='${Version}' headsdown) is installed here; not installing the .deb over it (CI does)"
else
	echo "dist-check: apt-get install ./$deb"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >"$work/apt.log" 2>&1 ||
		{ cat "$work/apt.log"; fail "apt-get install ./$deb failed"; }
	ours=1
	v=$(/usr/bin/headsdown --version)
	[ "$v" = "headsdown $VERSION" ] || fail "/usr/bin/headsdown --version says '$v'"
	desktop-file-validate /usr/share/applications/dev.headsdown.app.desktop
	man -w headsdown >/dev/null 2>&1 || [ -f /usr/share/man/man1/headsdown.1.gz ] || fail "no man page"
	newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' /usr/share/metainfo/dev.headsdown.app.metainfo.xml | head -1)
	[ "$newest" = "$VERSION" ] || fail "the installed metainfo's newest release is $newest, want $VERSION"
	# zsh finds the completion on its own fpath (Debian's zsh reads
	# /usr/share/zsh/vendor-completions; site-functions is not on it).
	if command -v zsh >/dev/null; then
		zsh -fc 'print -l $^fpath/_headsdown(N)' | grep -qx /usr/share/zsh/vendor-completions/_headsdown ||
			fail "zsh does not find _headsdown on its fpath: $(zsh -fc 'print $fpath')"
	fi
	# /usr/bin/headsdown starts /usr/libexec/headsdown/headsdown-ui: with
	# no display, the window program's own words come back.
	ui=$(env -i PATH=/usr/bin:/bin HOME="$work/uihome" /usr/bin/headsdown window custom 2>&1) &&
		fail "headsdown window custom with no display succeeded"
	case $ui in
	*"headsdown-ui: no display to show the window on"*) ;;
	*) fail "/usr/bin/headsdown did not start /usr/libexec/headsdown/headsdown-ui: $ui" ;;
	esac
	command -v headsdown-ui >/dev/null && fail "headsdown-ui is on PATH: $(command -v headsdown-ui)"

	# A user with nothing set up: an empty home, the files where XDG says.
	home=$work/home
	mkdir -p "$home" "$work/run"
	chmod 700 "$work/run"
	hd() { env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$work/run" /usr/bin/headsdown "$@"; }
	# Not through hd: $! must be headsdown itself (env execs it), not a subshell.
	env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$work/run" /usr/bin/headsdown --headless \
		>"$work/headless.log" 2>&1 &
	headless=$!
	i=0
	until hd status >/dev/null 2>&1; do
		kill -0 "$headless" 2>/dev/null || { cat "$work/headless.log"; fail "headsdown --headless exited"; }
		i=$((i + 1)); [ $i -lt 300 ] || fail "headsdown --headless did not answer in 30 s"
		sleep 0.1 # polling for the socket: the state waited for is "it answers"
	done
	hd start 25 --tag dist-check >/dev/null
	hd status | grep -q "on \"dist-check\": 2[45] min left" || fail "status after start: $(hd status)"
	hd stop >/dev/null
	hd status | grep -q "^Idle\." || fail "status after stop: $(hd status)"
	kill -TERM "$headless"
	wait "$headless" || fail "headsdown --headless exited with $? on SIGTERM"
	headless=""
	for f in "$home/.local/share/headsdown/headsdown.db" "$home/.local/state/headsdown/headsdown.log"; do
		[ -f "$f" ] || fail "$f is missing after a headless run: $(cd "$home" && find . -type f)"
	done
	echo "dist-check: /usr/bin/headsdown: $v; headless start, status, stop; files in the XDG folders"

	installed=$(dpkg-query -L headsdown | while read -r f; do [ -f "$f" ] && echo "$f"; done)
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq headsdown >"$work/apt.log" 2>&1 ||
		{ cat "$work/apt.log"; fail "apt-get remove headsdown failed"; }
	ours=""
	for f in $installed; do [ ! -e "$f" ] || fail "$f is left after apt-get remove"; done
	echo "dist-check: $(basename "$deb"): Depends: $(field Depends); installs, runs and removes cleanly"
fi

# --- The Windows zip.
unzip -q "$dist/$zip_name.zip" -d "$work/win"
got=$(cd "$work/win" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
want=$(printf "$zip_name/%s\n" headsdown.exe headsdown-ui.exe headsdown.ico README.md CHANGELOG.md \
	LICENSE.txt INSTALL.txt | LC_ALL=C sort)
[ "$got" = "$want" ] || fail "the zip's files differ (- expected, + found):
$(printf '%s\n' "$want" > "$work/want"; printf '%s\n' "$got" | diff -u "$work/want" - || true)"
file -b "$work/win/$zip_name/headsdown.ico" | grep -q "MS Windows icon resource" || fail "headsdown.ico is not an icon"
$GO run ./scripts/pecheck -version "$VERSION" "$work/win/$zip_name/headsdown.exe" "$work/win/$zip_name/headsdown-ui.exe"

echo "dist-check: ok in $(($(date +%s) - start)) s"
