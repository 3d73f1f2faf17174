package presence

import (
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/focus"
)

func TestDesireMeeting(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	end := now.Add(30 * time.Minute)
	allDay := focus.Schedule{Loc: time.UTC}
	for d := range allDay.Days {
		allDay.Days[d] = []focus.Span{{Start: 9 * 60, End: 9*60 + 30}} // off hours at 10:00
	}
	r := Rules{Texts: Texts{FocusText: "Heads down until {until}", AFKText: "Away", OffHoursText: "Off",
		MeetingText: "In a meeting until {until}", MeetingEmoji: ":spiral_calendar_pad:"}, FocusDND: true, Loc: time.UTC}
	tests := []struct {
		name  string
		rules func(Rules) Rules
		in    Inputs
		mode  Mode
		text  string
		until time.Time
	}{
		{"a meeting now", nil, Inputs{Now: now, MeetingUntil: end, MeetingTitle: "1:1 with Bo"}, ModeMeeting, "In a meeting until 10:30", end},
		{"the title only when asked", func(r Rules) Rules { r.MeetingText = "{title} until {until}"; return r },
			Inputs{Now: now, MeetingUntil: end, MeetingTitle: "1:1 with Bo"}, ModeMeeting, "1:1 with Bo until 10:30", end},
		{"a block started in a meeting wins", nil, Inputs{Now: now, MeetingUntil: end, FocusUntil: now.Add(time.Hour)}, ModeFocus, "Heads down until 11:00", now.Add(time.Hour)},
		{"away wins", nil, Inputs{Now: now, MeetingUntil: end, AFK: true, AFKUntil: end}, ModeAFK, "Away", end},
		{"a meeting outside working hours is a meeting", func(r Rules) Rules { r.OffHours, r.Schedule = true, allDay; return r },
			Inputs{Now: now, MeetingUntil: end}, ModeMeeting, "In a meeting until 10:30", end},
		{"an ended meeting is nothing", nil, Inputs{Now: now, MeetingUntil: now}, ModeNormal, "", time.Time{}},
		{"status = false", func(r Rules) Rules { r.MeetingText = ""; return r }, Inputs{Now: now, MeetingUntil: end}, ModeNormal, "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := r
			if tt.rules != nil {
				rr = tt.rules(r)
			}
			d := Desire(rr, tt.in)
			if d.Mode != tt.mode || d.Text != tt.text || !d.Until.Equal(tt.until) {
				t.Fatalf("got %s %q until %v; want %s %q until %v", d.Mode, d.Text, d.Until, tt.mode, tt.text, tt.until)
			}
			if tt.mode == ModeMeeting && !d.DNDUntil.IsZero() {
				t.Errorf("a meeting snoozed notifications: %+v", d)
			}
		})
	}
}

func TestMeetingStatusIsKin(t *testing.T) {
	tx := Texts{MeetingText: "In a meeting until {until}", MeetingEmoji: ":spiral_calendar_pad:"}
	ours := Status{Text: "In a meeting until 10:30", Emoji: ":spiral_calendar_pad:", Expiration: 1}
	if !tx.Kin(ours) {
		t.Error("a meeting status Heads Down set is not recognised as its own; it would be saved as the user's")
	}
	if tx.Kin(Status{Text: "Lunch", Emoji: ":spiral_calendar_pad:", Expiration: 1}) {
		t.Error("the user's own status taken for a meeting status")
	}
}
