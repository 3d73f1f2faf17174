package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/headsdown-app/headsdown/timefmt"
)

// On a 12-hour clock the report writes its times of day so; CSV and JSON
// keep their fixed forms.
func TestReportOnA12HourClock(t *testing.T) {
	r, _ := scripted(t)
	var b bytes.Buffer
	if err := Render(&b, r, "text", timefmt.H12); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Longest stretch  2 h without a break (Fri 9:00 AM)",
		"Best hours       9:00 AM–10:00 AM, 10:00 AM–11:00 AM, 11:00 PM–12:00 AM",
	} {
		if !strings.Contains(b.String(), want+"\n") {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := Render(&b, r, "json", timefmt.H12); err != nil || strings.Contains(b.String(), " PM") || strings.Contains(b.String(), " AM") {
		t.Errorf("json on a 12-hour clock: %v\n%s", err, b.String())
	}
}
