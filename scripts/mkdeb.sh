#!/bin/sh
# mkdeb.sh VERSION TREE OUT.deb: builds the .deb from TREE, an install tree
# made by `make install DESTDIR=TREE PREFIX=/usr` (the Makefile's dist
# target does both). It adds what Debian policy asks of every package (the
# copyright file, the changelog, md5sums) and a control file whose Depends
# dpkg-shlibdeps computes from the binaries: the libraries Fyne's windows
# load (GL, X11, Wayland) and libc. The hicolor icon cache and the app
# menu are refreshed by the gtk and desktop-file-utils triggers, so no
# maintainer scripts are needed.
set -eu
[ $# -eq 3 ] || { echo "usage: mkdeb.sh VERSION TREE OUT.deb" >&2; exit 2; }
version=$1 tree=$2 out=$3
maintainer="Heads Down maintainers <headsdown-app@users.noreply.github.com>"
root=$(cd "$(dirname "$0")/.." && pwd)
case $version in
[0-9]*) ;;
*) echo "mkdeb: version $version must start with a digit" >&2; exit 1 ;;
esac

doc=$tree/usr/share/doc/headsdown
install -d -m 755 "$doc" "$tree/DEBIAN"
{
	cat <<-'END'
	Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
	Upstream-Name: headsdown
	Source: https://github.com/headsdown-app/headsdown

	Files: *
	Copyright: The Heads Down authors
	License: BSD-3-Clause
	END
	sed -e '1,/^$/d' -e 's/^$/./' -e 's/^/ /' "$root/LICENSE"
} > "$doc/copyright"
# A native package's changelog.gz is in Debian's format: one entry for this
# version, pointing at the project's own changelog, shipped beside it.
when=$(date -u -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
cat <<END | gzip -9n > "$doc/changelog.gz"
headsdown ($version) unstable; urgency=medium

  * Release $version. See CHANGELOG.md.gz.

 -- $maintainer  $when
END
gzip -9n < "$root/CHANGELOG.md" > "$doc/CHANGELOG.md.gz"
chmod 644 "$doc/copyright" "$doc/changelog.gz" "$doc/CHANGELOG.md.gz"

# Go programs are statically linked by design (the tray links no C at
# all). headsdown-ui, which no person runs, lives in /usr/libexec/headsdown,
# off PATH, and needs no manual page there.
install -d -m 755 "$tree/usr/share/lintian/overrides"
cat > "$tree/usr/share/lintian/overrides/headsdown" <<END
headsdown: statically-linked-binary [usr/bin/headsdown]
END
chmod 644 "$tree/usr/share/lintian/overrides/headsdown"

# dpkg-shlibdeps reads debian/control of a source package: give it one.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: headsdown\n\nPackage: headsdown\nArchitecture: amd64\n' > "$work/debian/control"
bins=""
for b in "$tree"/usr/bin/* "$tree"/usr/libexec/headsdown/*; do bins="$bins $(cd "$(dirname "$b")" && pwd)/$(basename "$b")"; done
# Static binaries (the tray links no C) have nothing to declare; -e takes only
# what is dynamically linked.
dyn=""
for b in $bins; do
	if readelf -d "$b" 2>/dev/null | grep -q NEEDED; then dyn="$dyn -e$b"; fi
done
depends=""
if [ -n "$dyn" ]; then
	# shellcheck disable=SC2086 # one -e per binary
	depends=$(cd "$work" && dpkg-shlibdeps -O $dyn 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
fi
[ -n "$depends" ] || depends="libc6"
# GLFW (under Fyne) loads the X11 and Wayland client libraries with dlopen
# at run time, which dpkg-shlibdeps cannot see: the windows need them.
depends="$depends, libegl1, libx11-6, libx11-xcb1, libxcursor1, libxext6, libxi6, libxinerama1"
depends="$depends, libxrandr2, libxrender1, libxxf86vm1, libwayland-cursor0, libwayland-egl1, libxkbcommon0"

size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
cat > "$tree/DEBIAN/control" <<END
Package: headsdown
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Suggests: gnome-shell-extension-appindicator, gnome-keyring | keepassxc
Section: utils
Priority: optional
Homepage: https://github.com/headsdown-app/headsdown
Description: focus timer and Slack presence for asynchronous teams
 Heads Down sits in the system tray and runs focus timers (Pomodoro and
 deep-work blocks, breaks, pause and resume) with a countdown in the tray.
 While you focus it sets a busy Slack status and Do Not Disturb, sets you
 away when you are away or off hours, and puts your own status back after.
 Direct messages and mentions are held for scheduled review windows, with
 VIP and keyword rules that break through. Deep work is logged locally and
 turned into weekly focus reports.
 .
 GNOME needs the AppIndicator extension to show tray icons; Slack tokens
 are kept in the desktop's keyring (Secret Service).
END
(cd "$tree" && find usr -type f -exec md5sum {} + | LC_ALL=C sort -k2) > "$tree/DEBIAN/md5sums"
chmod 644 "$tree/DEBIAN/control" "$tree/DEBIAN/md5sums"
# Directories 755 whatever the umask; files as make install left them.
find "$tree" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$tree" "$out" >/dev/null
echo "mkdeb: $out ($(du -h "$out" | cut -f1)), Depends: $depends"
