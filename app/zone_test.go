package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

// A traveller's zone changes while Heads Down runs: at the next wake it
// plans in the new zone. At 08:30 UTC, working hours 09:00-17:00 are not
// begun in London (off hours on Slack); flown to a UTC+2 zone it is 10:30,
// working time: off hours end, and a block's status reads the new clock.
func TestTimeZoneChangeIsNoticed(t *testing.T) {
	srv, dir := withSlack(t)
	cfg := "[working_hours]\n"
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		cfg += d + " = [\"09:00-17:00\"]\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg+presenceOn), 0o600); err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data: ", err)
	}
	away := time.FixedZone("UTC+2", 2*3600)
	var zone atomic.Pointer[time.Location]
	zone.Store(london)
	clock := newSafeClock(time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC))
	srv.SetNow(clock.Now)
	zoneFile := filepath.Join(t.TempDir(), "localtime")
	if err := os.WriteFile(zoneFile, []byte("London"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := launchApp(t, dir, Options{Clock: clock, Location: london, Zone: zone.Load, ZoneFile: zoneFile, Desktop: newFakeDesktop(true)})
	waitFor(t, "off hours before 09:00 in London", func() bool {
		return r.app.Status().Slack.Mode == "off_hours" && strings.HasPrefix(srv.Status().Text, "Off for the day")
	})

	zone.Store(away)
	if runtime.GOOS == "windows" {
		clock.Advance(time.Minute) // the next wake notices it
	} else if err := os.WriteFile(zoneFile, []byte("UTC+2"), 0o644); err != nil {
		// The zone file changes (the clock stands still): noticed at once.
		t.Fatal(err)
	}
	waitFor(t, "working hours in the new zone", func() bool { return r.app.Status().Slack.Mode == "normal" })
	waitFor(t, "the user's status back", func() bool { return srv.Status().Text == "Working from Lisbon" })
	st := r.do(t, control.Request{Cmd: control.CmdStart, Duration: "25m"})
	if _, off := st.Deadline.Zone(); off != 2*3600 {
		t.Errorf("status times at UTC%+d s, want the new zone's +2 h", off)
	}
	waitFor(t, "the status on the new clock", func() bool { return srv.Status().Text != "Working from Lisbon" })
	want := st.Deadline.In(away).Format("15:04") // 10:55: 08:55 UTC in UTC+2
	if text := srv.Status().Text; !strings.Contains(text, want) || !strings.HasPrefix(want, "10:5") {
		t.Fatalf("status %q, want it to read %s", text, want)
	}
}
