package presence

import (
	"strings"
	"testing"
	"time"
)

func TestRenderReply(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)
	until, review := now.Add(85*time.Minute), time.Date(2026, 11, 23, 13, 30, 0, 0, time.UTC)
	def := "(auto) I'm heads-down until {until} and will read this at {reply_by}. If it can't wait, write '{keyword}' and it reaches me."
	for _, c := range []struct {
		name, tmpl, keyword string
		v                   Values
		want                string
	}{
		{"default", def, "urgent", Values{Now: now, Until: until, NextReview: review},
			"(auto) I'm heads-down until 11:30 and will read this at 13:30. If it can't wait, write 'urgent' and it reaches me."},
		{"no keyword drops its sentence", def, "", Values{Now: now, Until: until, NextReview: review},
			"(auto) I'm heads-down until 11:30 and will read this at 13:30."},
		{"no review: reply_by is the block's end, said once", def, "prod down", Values{Now: now, Until: until},
			"(auto) I'm heads-down until 11:30 and will read this then. If it can't wait, write 'prod down' and it reaches me."},
		{"review at the block's end (review_after_focus): said once", def, "urgent", Values{Now: now, Until: until, NextReview: until},
			"(auto) I'm heads-down until 11:30 and will read this then. If it can't wait, write 'urgent' and it reaches me."},
		{"keyword in the middle", "Focusing. Say {keyword} to reach me! Back {until}.", "", Values{Now: now, Until: until},
			"(auto) Focusing. Back 11:30."},
		{"segments", "Back {until} · next review {next_review} · urgent? write {keyword}", "", Values{Now: now, Until: until},
			"(auto) Back 11:30"},
		{"another day", "(auto) back {reply_by}", "", Values{Now: now, Until: until, NextReview: review.Add(24 * time.Hour)},
			"(auto) back Tue 13:30"},
		{"marked even when the template is not", "Heads down until {until}", "", Values{Now: now, Until: until},
			"(auto) Heads down until 11:30"},
	} {
		if got := c.v.RenderReply(c.tmpl, c.keyword, time.UTC); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	// Not a status: no 100-character cut.
	long := strings.Repeat("word ", 40) + "{until}"
	if got := (Values{Now: now, Until: until}).RenderReply(long, "", time.UTC); !strings.HasSuffix(got, "11:30") {
		t.Fatalf("cut: %q", got)
	}
}
