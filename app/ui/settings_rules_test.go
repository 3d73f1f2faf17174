package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/config"
)

// TestSettingsFieldErrorsAgreeWithConfig types edge values into the form and
// checks that the error under each field is exactly what config.Validate says
// of the same value in a config, and that Save is allowed exactly when
// Validate accepts it. The window must have no rules of its own: a range, a
// length or a message of its own makes this fail.
func TestSettingsFieldErrorsAgreeWithConfig(t *testing.T) {
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})

	type edge struct {
		name  string // defaults to the text
		key   string
		entry *Entry
		text  string                 // typed into the entry
		set   func(c *config.Config) // the same value, put straight into a config
	}
	var edges []edge
	ints := func(key string, e *Entry, dst func(*config.Config) *int, ns ...int) {
		for _, n := range ns {
			edges = append(edges, edge{key: key, entry: e, text: strconv.Itoa(n),
				set: func(c *config.Config) { *dst(c) = n }})
		}
	}
	durations := func(key string, e *Entry, dst func(*config.Config) *config.Duration, ds ...time.Duration) {
		for _, d := range ds {
			edges = append(edges, edge{key: key, entry: e, text: d.String(),
				set: func(c *config.Config) { *dst(c) = config.Duration(d) }})
		}
	}
	texts := func(key string, e *Entry, dst func(*config.Config) *string, ss ...string) {
		for _, s := range ss {
			name := s
			if len(s) > 20 {
				name = fmt.Sprintf("%d runes of %q", len([]rune(s)), []rune(s)[0])
			}
			edges = append(edges, edge{name: name, key: key, entry: e, text: s,
				set: func(c *config.Config) { *dst(c) = s }})
		}
	}
	lists := func(key string, e *Entry, dst func(*config.Config) *[]string, items ...[]string) {
		for _, l := range items {
			edges = append(edges, edge{key: key, entry: e, text: strings.Join(l, ", "),
				set: func(c *config.Config) { *dst(c) = l }})
		}
	}

	ints("pings.review_every_minutes", v.ReviewEvery, func(c *config.Config) *int { return &c.Pings.ReviewEveryMinutes },
		-1, 0, 1, 4, 5, 6, 90, 1439, 1440, 1441)
	ints("pings.retention_days", v.Retention, func(c *config.Config) *int { return &c.Pings.RetentionDays },
		-1, 0, 1, 2, 14, 3649, 3650, 3651)
	ints("focus.long_break_every", v.LongEvery, func(c *config.Config) *int { return &c.Focus.LongBreakEvery },
		-1, 0, 1, 4, 99, 100, 101)
	lengths := []time.Duration{-5 * time.Minute, 0, 30 * time.Second, 59 * time.Second, time.Minute,
		25 * time.Minute, 12 * time.Hour, 12*time.Hour + time.Minute, 30 * time.Hour}
	for _, l := range []struct {
		key   string
		entry *Entry
		dst   func(*config.Config) *config.Duration
	}{
		{"focus.pomodoro", v.Pomodoro, func(c *config.Config) *config.Duration { return &c.Focus.Pomodoro }},
		{"focus.short_break", v.ShortBreak, func(c *config.Config) *config.Duration { return &c.Focus.ShortBreak }},
		{"focus.long_break", v.LongBreak, func(c *config.Config) *config.Duration { return &c.Focus.LongBreak }},
		{"focus.deep_work", v.DeepWork, func(c *config.Config) *config.Duration { return &c.Focus.DeepWork }},
		{"focus.deep_work_break", v.DeepBreak, func(c *config.Config) *config.Duration { return &c.Focus.DeepWorkBreak }},
	} {
		durations(l.key, l.entry, l.dst, lengths...)
	}
	ints("away.idle_minutes", v.IdleMinutes, func(c *config.Config) *int { return &c.Away.IdleMinutes },
		-1, 0, 1, 2, 10, 239, 240, 241)
	durations("away.resume_within", v.ResumeWithin, func(c *config.Config) *config.Duration { return &c.Away.ResumeLimit },
		-5*time.Minute, 0, 30*time.Second, 59*time.Second, time.Minute, 61*time.Second, 15*time.Minute,
		12*time.Hour, 12*time.Hour+time.Second, 12*time.Hour+time.Minute, 30*time.Hour)
	durations("focus.daily_goal", v.DailyGoal, func(c *config.Config) *config.Duration { return &c.Focus.DailyGoal },
		-time.Hour, 0, 30*time.Second, 4*time.Hour, 12*time.Hour, 12*time.Hour+time.Minute, 30*time.Hour)
	lists("pings.review_times", v.ReviewTimes, func(c *config.Config) *[]string { return &c.Pings.ReviewTimes },
		[]string{"00:00"}, []string{"23:59"}, []string{"24:00"}, []string{"10:60"}, []string{"7pm"},
		[]string{"10:30", "7pm", "25:00"})
	lists(dayKey(time.Monday), v.Days[time.Monday].Hours, func(c *config.Config) *[]string { return &c.WorkingHours.Monday },
		[]string{"00:00-24:00"}, []string{"09:00-17:30"}, []string{"17:00-09:00"}, []string{"09:00-09:00"},
		[]string{"25:00-26:00"}, []string{"09:00-12:00", "13:00-17:30"}, []string{"09:00-12:00", "11:00-13:00"})
	lists("pings.vips", v.VIPs, func(c *config.Config) *[]string { return &c.Pings.VIPs },
		[]string{"@"}, []string{"@ana"}, []string{"U024BE7LH", "@"})
	for _, s := range []struct {
		key   string
		entry *Entry
		dst   func(*config.Config) *string
	}{
		{"slack.focus_text", v.FocusText, func(c *config.Config) *string { return &c.Slack.FocusText }},
		{"slack.afk_text", v.AFKText, func(c *config.Config) *string { return &c.Slack.AFKText }},
		{"slack.off_hours_text", v.OffHoursText, func(c *config.Config) *string { return &c.Slack.OffHoursText }},
	} {
		texts(s.key, s.entry, s.dst, "", "Heads down until {until}", strings.Repeat("x", 100), strings.Repeat("x", 101),
			strings.Repeat("é", 100), strings.Repeat("é", 101), "Away since {since}", "Away {sinse}",
			config.DefaultFocusText, "Reading at {next_review}, answers by {reply_by}", "{next_reveiw}",
			strings.Repeat("x", 88)+"{until}", strings.Repeat("x", 89)+"{until}")
	}
	texts("pings.auto_reply_text", v.AutoReplyText, func(c *config.Config) *string { return &c.Pings.AutoReplyText },
		"", config.DefaultAutoReplyText, "(auto) back {until}", "(auto) back {tag}", "{keyword}", "{keywords}",
		strings.Repeat("x", 400), strings.Repeat("x", 401), strings.Repeat("x", 388)+"{until}", strings.Repeat("x", 389)+"{until}")
	texts("away.text", v.AwayText, func(c *config.Config) *string { return &c.Away.Text },
		"", "Away, back soon", "Away since {since}, back {until} ({tag})", "Away {sinse}", "Away {Since}", "{}", "a } b {",
		"{since}"+strings.Repeat("x", 93), "{since}"+strings.Repeat("x", 94), strings.Repeat("é", 100), strings.Repeat("é", 101),
		strings.Repeat("x", 101)+"{sinse}")
	for _, s := range []struct {
		key   string
		entry *Entry
		dst   func(*config.Config) *string
	}{
		{"slack.focus_emoji", v.FocusEmoji, func(c *config.Config) *string { return &c.Slack.FocusEmoji }},
		{"slack.afk_emoji", v.AFKEmoji, func(c *config.Config) *string { return &c.Slack.AFKEmoji }},
		{"slack.off_hours_emoji", v.OffHoursEmoji, func(c *config.Config) *string { return &c.Slack.OffHoursEmoji }},
		{"away.emoji", v.AwayEmoji, func(c *config.Config) *string { return &c.Away.Emoji }},
	} {
		texts(s.key, s.entry, s.dst, "", ":headphones:", "headphones", ":Headphones:",
			":thumbsup::skin-tone-2:", ":thumbsup::skin-tone-7:")
	}

	for _, e := range edges {
		name := e.name
		if name == "" {
			name = e.text
		}
		t.Run(e.key+"="+name, func(t *testing.T) {
			old := e.entry.Text
			defer e.entry.SetText(old)
			e.entry.SetText(e.text)

			cfg := config.Default()
			e.set(&cfg)
			var ps config.Problems
			if err := cfg.Validate(); err != nil && !errors.As(err, &ps) {
				t.Fatalf("Validate: %v", err)
			}
			var msgs []string
			for _, p := range ps.For(e.key) {
				msgs = append(msgs, p.Msg)
			}
			if got, want := v.FieldError(e.entry), strings.Join(msgs, "; "); got != want {
				t.Errorf("the window says %q under the field; config.Validate says %q", got, want)
			}
			if blocked := v.Save.Disabled(); blocked != (len(ps) > 0) {
				t.Errorf("Save disabled = %v, config problems %v", blocked, ps)
			}
		})
	}
}

// The reply's text may be empty only while replies are off: the switch
// and the field are checked together, by config.Validate.
func TestSettingsAutoReplyNeedsText(t *testing.T) {
	v, _ := newForm(t, config.Default(), SettingsDeps{Save: (&saver{}).save})
	if v.AutoReply.Checked {
		t.Fatal("auto-reply is on by default")
	}
	v.AutoReplyText.SetText("")
	if v.FieldError(v.AutoReplyText) != "" || v.Save.Disabled() {
		t.Fatalf("off and empty: %q", v.FieldError(v.AutoReplyText))
	}
	test.Tap(v.AutoReply)
	if !strings.Contains(v.FieldError(v.AutoReplyText), "has no text") || !v.Save.Disabled() {
		t.Fatalf("on and empty: %q, save disabled %v", v.FieldError(v.AutoReplyText), v.Save.Disabled())
	}
	v.AutoReplyText.SetText(config.DefaultAutoReplyText)
	if v.FieldError(v.AutoReplyText) != "" || v.Save.Disabled() {
		t.Fatalf("on with the default: %q", v.FieldError(v.AutoReplyText))
	}
}
