#!/usr/bin/env bash
# Measures Heads Down's footprint and prints a Markdown table (see README,
# "Performance"): the tray idle and running a block, without Slack and with
# Slack connected (the fake Slack of slackapi/slacktest, pinging every 10 s),
# beside a bare Fyne tray app and a systray-only program (the floor); the
# binaries; the time to open a window. Needs what `make test` installs
# (Xvfb, dbus, x11-utils).
# Usage: scripts/measure.sh [-window 60s] [-samples 3] [-runs 5] [-only tray,slack,...] [-ics FILE]
#   [-env GODEBUG=gctrace=1 -log DIR] [-strace DIR]   (see scripts/measure/main.go)
# Measure on a quiet machine: other builds running show up as wakeups and
# CPU time. The table's first line gives the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tags=-tags=migrated_fynedo
# As `make build` does on Linux: the tray binary static, without cgo, and
# against fyne.io/systray with its data race fixed (scripts/systrayfix).
modfile=$(go run ./scripts/systrayfix -o "$out/systray")
CGO_ENABLED=0 go build "$tags" -modfile "$modfile" -ldflags "-s -w" -o "$out/headsdown" ./cmd/headsdown
CGO_ENABLED=0 go build "$tags" -modfile "$modfile" -ldflags "-s -w" -o "$out/floortray" ./scripts/floortray
go build "$tags" -ldflags "-s -w" -o "$out/headsdown-ui" ./cmd/headsdown-ui
go build "$tags" -ldflags "-s -w" -o "$out/baretray" ./scripts/baretray
go build "$tags" -o "$out/measure" ./scripts/measure
"$out/measure" -bin "$out/headsdown" -bare "$out/baretray" -floor "$out/floortray" "$@"
