//go:build race

package main

// raceEnabled: this test binary runs under -race, so the smoke tests build
// the headsdown binary with -race too.
const raceEnabled = true
