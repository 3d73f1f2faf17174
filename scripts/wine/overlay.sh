#!/usr/bin/env bash
# overlay.sh DIR: writes DIR/overlay.json for `go test -overlay`, which
# builds the Windows test programs with one line added to Go's own
# internal/syscall/windows/at_windows.go.
#
# Why: Go (1.24+) deletes files with NtSetInformationFile(
# FileDispositionInformationEx) and falls back to the older call only for
# the statuses a real Windows gives. Wine 8 answers STATUS_NOT_IMPLEMENTED
# (0xC0000002), which Go does not expect, so os.RemoveAll fails ("unlinkat
# …: Invalid function") and every t.TempDir() cleanup fails the test. The
# overlay adds that status to the fallback list. It changes nothing on a
# real Windows (which never answers it) and only the test programs are
# built with it; the shipped programs are not. When Go's file changes
# shape, this stops with an error instead of building without the fix.
set -euo pipefail
out=${1:?usage: overlay.sh DIR}
goroot=$(go env GOROOT)
src=$goroot/src/internal/syscall/windows/at_windows.go
mkdir -p "$out"
anchor='STATUS_NOT_SUPPORTED:     // the file system'
if ! grep -qF "$anchor" "$src"; then
  echo "overlay.sh: $src no longer has the deleteat fallback list this patches; look again at the Wine delete fix" >&2
  exit 1
fi
sed "s|$anchor|NTStatus(0xC0000002), // Wine 8: STATUS_NOT_IMPLEMENTED (added by scripts/wine/overlay.sh)\n\t\t$anchor|" "$src" > "$out/at_windows.go"
grep -q 'NTStatus(0xC0000002)' "$out/at_windows.go"
printf '{"Replace":{"%s":"%s"}}\n' "$src" "$(cd "$out" && pwd)/at_windows.go" > "$out/overlay.json"
