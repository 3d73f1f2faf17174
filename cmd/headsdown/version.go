package main

import (
	"runtime/debug"
	"strings"
)

// version is set by make from the git tags (scripts/version.sh) with
// -ldflags "-X main.version=…"; FyneApp.toml and the metainfo agree with
// the newest tag (make packaging-check checks).
var version string

// appVersion is the version this binary reports: make's; else the one Go
// records, which for `go install …@v0.1.0` is the module's tag and for a
// plain `go build` in a checkout is derived from git; else "dev".
func appVersion() string {
	if version != "" {
		return version
	}
	return versionFromBuildInfo(debug.ReadBuildInfo())
}

func versionFromBuildInfo(info *debug.BuildInfo, ok bool) string {
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "dev"
	}
	return strings.TrimPrefix(info.Main.Version, "v")
}
