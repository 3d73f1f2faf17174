//go:build windows

package app

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sys/windows"
)

// systemZone is the default Options.Zone on Windows: time.Local, until the
// system's zone or its offset now changes; then a zone at the new offset,
// under the zone's standard name. (Go cannot rebuild time.Local's rules
// from the registry; each wake checks again, so a change of daylight
// saving time while away from the start zone is noticed at the next wake.)
func systemZone() func() *time.Location {
	var mu sync.Mutex
	start, ok := windowsZone()
	last, loc := start, time.Local
	return func() *time.Location {
		mu.Lock()
		defer mu.Unlock()
		now, ok2 := windowsZone()
		if !ok || !ok2 || now == last {
			return loc
		}
		last = now
		if now == start {
			loc = time.Local
		} else {
			loc = time.FixedZone(now.name, now.offset)
		}
		return loc
	}
}

type winZone struct {
	name   string
	offset int // seconds east of UTC, now
}

func windowsZone() (winZone, bool) {
	var tzi windows.Timezoneinformation
	rc, err := windows.GetTimeZoneInformation(&tzi)
	if err != nil {
		return winZone{}, false
	}
	bias := tzi.Bias + tzi.StandardBias
	if rc == 2 { // TIME_ZONE_ID_DAYLIGHT
		bias = tzi.Bias + tzi.DaylightBias
	}
	return winZone{name: windows.UTF16ToString(tzi.StandardName[:]), offset: -int(bias) * 60}, true
}

// watchZone: Windows announces a change with WM_TIMECHANGE, to windows
// only; the check at each wake of the loop is what notices it here.
func (a *App) watchZone(context.Context) {}
