#!/usr/bin/env bash
# Measures Heads Down's footprint and prints a Markdown table (see README,
# "Performance"). Needs what `make test` installs (Xvfb, dbus, x11-utils).
# Usage: scripts/measure.sh [-window 60s] [-runs 5]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tags=-tags=migrated_fynedo
# As `make build` does on Linux: the tray binary static, without cgo, and
# against fyne.io/systray with its data race fixed (scripts/systrayfix).
modfile=$(go run ./scripts/systrayfix -o "$out/systray")
CGO_ENABLED=0 go build "$tags" -modfile "$modfile" -ldflags "-s -w" -o "$out/headsdown" ./cmd/headsdown
go build "$tags" -ldflags "-s -w" -o "$out/headsdown-ui" ./cmd/headsdown-ui
go build "$tags" -ldflags "-s -w" -o "$out/baretray" ./scripts/baretray
go run "$tags" ./scripts/measure -bin "$out/headsdown" -bare "$out/baretray" "$@"
