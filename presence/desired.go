package presence

import (
	"slices"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Mode is which automation owns the Slack state.
type Mode string

// Modes, in priority order: AFK wins over focus, focus over off hours.
const (
	ModeNormal   Mode = "normal"
	ModeFocus    Mode = "focus"
	ModeAFK      Mode = "afk"
	ModeOffHours Mode = "off_hours"
	// ModeMeeting: a calendar meeting runs. Below focus (a block started
	// during a meeting was chosen), above off hours (a meeting at 19:00 is
	// still a meeting).
	ModeMeeting Mode = "meeting"
)

// Texts are the status templates. {until} is when the mode ends ("11:30",
// or "Mon 09:00" when not today; "later" for AFK with no end given), {tag}
// the focus block's tag, {next_review} when held messages are next read
// and {reply_by} the later of {until} and {next_review} (see Values).
type Texts struct {
	FocusText, FocusEmoji       string
	AFKText, AFKEmoji           string
	OffHoursText, OffHoursEmoji string
	// AwayText and AwayEmoji are for away noticed by the desktop (screen
	// locked, asleep, idle); {since} is when it began. Empty: AFK's.
	AwayText, AwayEmoji string
	// MeetingText and MeetingEmoji are for a calendar meeting ({title} is
	// its title, sent only when the text asks for it). Empty text: no
	// meeting status.
	MeetingText, MeetingEmoji string
}

// Rules say what to do; they come from the settings.
type Rules struct {
	Texts
	// FocusDND snoozes notifications for the length of a focus block.
	FocusDND bool
	// OffHours sets an off-hours status and DND (and away, with Presence)
	// outside Schedule.
	OffHours bool
	// Presence sets Slack's presence to away while AFK or off hours
	// ([away] presence). Slack never expires it, so it is opt-in: the
	// status, which does expire, is the signal that is always safe.
	Presence bool
	Schedule focus.Schedule
	Loc      *time.Location
	// Hours is how the texts write a time: "13:30" or "1:30 PM".
	Hours timefmt.Hours
	// AFKCap bounds the expiry of an AFK status with no end given
	// (DefaultAFKCap if zero): Slack clears it by then even if Heads Down
	// never runs again. Today's working hours end it sooner (see afkCap).
	AFKCap time.Duration
}

// DefaultAFKCap is the expiry of an AFK status with no end, when neither
// the settings nor today's working hours give a sooner one: long enough
// for an afternoon away, short enough that a laptop left dead on Friday
// does not say "Away" all weekend.
const DefaultAFKCap = 12 * time.Hour

// Inputs are what is happening now.
type Inputs struct {
	Now time.Time
	// FocusUntil is the end of the focus block that is running (not
	// paused); zero when none is.
	FocusUntil time.Time
	Tag        string
	AFK        bool
	// AFKUntil is when AFK ends; zero for "until I am back".
	AFKUntil time.Time
	// AFKSince is when AFK began; AFKAuto says the desktop noticed it (a
	// lock, a suspend, idleness) rather than the user saying so.
	AFKSince time.Time
	AFKAuto  bool
	// NextReview is when the messages held now are next delivered to the
	// user ({next_review}); zero when no review is planned (batching off,
	// no review windows). The app works it out: a review window inside a
	// focus block counts at the block's end, where the digest comes.
	NextReview time.Time
	// MeetingUntil is the end of the calendar meeting running now; zero
	// when none is. MeetingTitle is its title, for {title}.
	MeetingUntil time.Time
	MeetingTitle string
}

// Desired is the Slack state wanted.
type Desired struct {
	Mode  Mode
	Text  string
	Emoji string
	// Until is the status expiration. Every status Heads Down sets
	// expires, so a crash or a dead laptop cannot leave it behind.
	Until time.Time
	// UntilIsCap: Until is a safety cap (AFK with no end given), not an
	// end anyone chose. It moves with the clock at each Desire, so a status
	// that expires later than now and no later than Until already
	// satisfies it, and a moved cap alone is no change worth a call.
	UntilIsCap bool
	// DNDUntil is when the DND snooze should end; zero means no snooze.
	DNDUntil time.Time
	Away     bool
	// Kin are the templates Heads Down makes statuses from: a status on
	// Slack that fits them (Texts.Kin) was set by Heads Down, maybe on
	// another computer, and is never saved as the user's own.
	Kin Texts
}

// MaxStatusText is Slack's limit on status_text.
const MaxStatusText = 100

// Desire decides the Slack state for the inputs under the rules.
func Desire(r Rules, in Inputs) Desired {
	d := desire(r, in)
	d.Kin = r.Texts
	return d
}

func desire(r Rules, in Inputs) Desired {
	loc := r.Loc
	if loc == nil {
		loc = time.Local
	}
	render := func(tmpl string, until time.Time) string {
		return Values{Now: in.Now, Until: until, Since: in.AFKSince, NextReview: in.NextReview, Tag: in.Tag, Hours: r.Hours, Title: in.MeetingTitle}.Render(tmpl, loc)
	}
	offHours := r.OffHours && !r.Schedule.Empty() && !r.Schedule.Working(in.Now)
	switch {
	// Away noticed by the desktop outside working hours is just the
	// evening: the off-hours status and its Do Not Disturb stand, so a
	// lock at 19:00 neither flips the status nor lets phones buzz all night.
	case in.AFK && !(in.AFKAuto && offHours):
		text, emoji := r.AFKText, r.AFKEmoji
		if in.AFKAuto && r.AwayText != "" {
			text, emoji = r.AwayText, r.AwayEmoji
		}
		d := Desired{Mode: ModeAFK, Text: render(text, in.AFKUntil), Emoji: emoji, Until: in.AFKUntil, Away: r.Presence}
		if d.Until.IsZero() {
			// The text still says "back later": that is what the user said,
			// and a made-up return time would be a promise they never made.
			// Only the expiry gets the cap, so the status cannot outlive a
			// crash by more than that.
			d.Until, d.UntilIsCap = r.afkCap(in.Now), true
		}
		return d
	case !in.FocusUntil.IsZero() && in.FocusUntil.After(in.Now):
		d := Desired{Mode: ModeFocus, Text: render(r.FocusText, in.FocusUntil), Emoji: r.FocusEmoji, Until: in.FocusUntil}
		if r.FocusDND {
			d.DNDUntil = in.FocusUntil
		}
		return d
	case r.MeetingText != "" && in.MeetingUntil.After(in.Now):
		// Expires at the meeting's end, as a block's status does at its end.
		return Desired{Mode: ModeMeeting, Text: render(r.MeetingText, in.MeetingUntil), Emoji: r.MeetingEmoji, Until: in.MeetingUntil}
	case offHours:
		next := r.Schedule.NextStart(in.Now)
		return Desired{Mode: ModeOffHours, Text: render(r.OffHoursText, next), Emoji: r.OffHoursEmoji, Until: next, DNDUntil: next, Away: r.Presence}
	}
	return Desired{Mode: ModeNormal}
}

// afkCap is when an AFK status with no end given expires: AFKCap from
// now, or sooner at the end of today's working hours if they end after
// now (the last span of a split day): "back later" at work means today,
// and the off-hours automation takes the evening.
func (r Rules) afkCap(now time.Time) time.Time {
	limit := r.AFKCap
	if limit <= 0 {
		limit = DefaultAFKCap
	}
	capAt := now.Add(limit)
	loc := r.Schedule.Loc
	if loc == nil {
		loc = time.Local // as focus.Schedule does
	}
	t := now.In(loc)
	dayEnd := -1
	for _, sp := range r.Schedule.Days[t.Weekday()] {
		dayEnd = max(dayEnd, sp.End)
	}
	if dayEnd >= 0 {
		end := time.Date(t.Year(), t.Month(), t.Day(), dayEnd/60, dayEnd%60, 0, 0, loc)
		if end.After(now) && end.Before(capAt) {
			capAt = end
		}
	}
	return capAt
}

// Render fills a status template. {until} is "15:04" today, "Mon 15:04"
// within a week, "2 Jan 15:04" beyond; with no end it reads "later". The
// result is trimmed to Slack's 100 characters.
func Render(tmpl string, now, until time.Time, tag string, loc *time.Location) string {
	return Values{Now: now, Until: until, Tag: tag}.Render(tmpl, loc)
}

// RenderSince is Render with {since} too: when away began, written like
// {until} ("12:04" today, "Mon 12:04" within the week).
func RenderSince(tmpl string, now, until, since time.Time, tag string, loc *time.Location) string {
	return Values{Now: now, Until: until, Since: since, Tag: tag}.Render(tmpl, loc)
}

// Values are what the placeholders of a status template stand for.
type Values struct {
	Now time.Time
	// Until is {until}, when the status ends; zero reads "later".
	Until time.Time
	// Since is {since}, when away began; zero reads "a while".
	Since time.Time
	// NextReview is {next_review}, when held messages are next read; zero
	// when none is planned.
	NextReview time.Time
	// Tag is {tag}, the focus block's tag; may be empty.
	Tag string
	// Title is {title}, a meeting's title; may be empty.
	Title string
	// Hours is how the times are written: "13:30" or "1:30 PM".
	Hours timefmt.Hours
}

// Placeholders that may have no value: {next_review} with no review
// planned, {tag} with no tag.
const (
	phNextReview = "{next_review}"
	phTag        = "{tag}"
)

// SegmentSep sets off the parts of a status template that are dropped
// when a placeholder in them has no value: "Heads down until {until} ·
// reading messages at {next_review}" reads "Heads down until 11:30" with
// no review planned, rather than "… reading messages at later".
const SegmentSep = " · "

// Render fills tmpl. Times read "15:04" on Now's day, "Mon 15:04" within
// six days, "2 Jan 15:04" beyond (see when). {reply_by} is the later of
// Until and NextReview: when a sender can count on an answer at the
// latest. A part after the first " · " whose {next_review} or {tag} has
// no value is dropped; where such a placeholder cannot be dropped (the
// first part), {next_review} reads as {reply_by} (the status's end: when
// nothing is held, messages are read then) and {tag} as nothing. The
// result is at most MaxStatusText runes, cut on a rune, never inside one.
func (v Values) Render(tmpl string, loc *time.Location) string {
	return truncate(v.fill(tmpl, loc, nil), MaxStatusText)
}

// fill is Render without Slack's status limit; extra are more
// placeholders ("{keyword}": "urgent"), dropped with their part like
// {tag} when empty.
func (v Values) fill(tmpl string, loc *time.Location, extra map[string]string) string {
	if loc == nil {
		loc = time.Local
	}
	replyBy := v.Until
	if v.NextReview.After(replyBy) {
		replyBy = v.NextReview
	}
	next := v.NextReview
	if next.IsZero() {
		next = replyBy
	}
	parts := strings.Split(tmpl, SegmentSep)
	kept := parts[:1]
	for _, p := range parts[1:] {
		if strings.Contains(p, phNextReview) && v.NextReview.IsZero() || strings.Contains(p, phTag) && strings.TrimSpace(v.Tag) == "" ||
			strings.Contains(p, phTitle) && strings.TrimSpace(v.Title) == "" ||
			emptyIn(p, extra) {
			continue
		}
		kept = append(kept, p)
	}
	h := v.Hours
	untilText, nextText, replyByText := when(v.Until, v.Now, loc, h, "later"), when(next, v.Now, loc, h, "later"),
		when(replyBy, v.Now, loc, h, "later")
	var joined string
	if !v.Until.IsZero() {
		joined = sayOnce(kept, untilText, map[string]bool{phNextReview: nextText == untilText, phReplyBy: replyByText == untilText})
	} else {
		joined = strings.Join(kept, SegmentSep)
	}
	pairs := []string{"{until}", untilText, "{since}", when(v.Since, v.Now, loc, h, "a while"),
		phNextReview, nextText, phReplyBy, replyByText, phTag, v.Tag, phTitle, v.Title}
	for k, val := range extra {
		pairs = append(pairs, k, val)
	}
	s := strings.NewReplacer(pairs...).Replace(joined)
	return strings.Join(strings.Fields(s), " ") // an empty {tag} leaves no double space
}

const (
	phReplyBy = "{reply_by}"
	phTitle   = "{title}"
)

// sayOnce joins a template's parts, saying a time once: where {until}
// has been written and a later "at {next_review}" or "by {reply_by}"
// would write the same time again (same[ph]), the later one reads
// "then", and the " · " before its part becomes " — ", since the two now
// read as one sentence: "Heads down until 16:00 — reading messages then",
// "I'm heads-down until 15:44 and will read this then". With
// review_after_focus (the default) the two times are always equal.
func sayOnce(parts []string, untilText string, same map[string]bool) string {
	first := slices.IndexFunc(parts, func(p string) bool { return strings.Contains(p, "{until}") })
	if first < 0 {
		return strings.Join(parts, SegmentSep)
	}
	var b strings.Builder
	for i, p := range parts {
		head := ""
		if i == first {
			k := strings.Index(p, "{until}") + len("{until}")
			head, p = p[:k], p[k:]
		}
		changed := false
		if i >= first {
			for _, ph := range []string{phNextReview, phReplyBy} {
				if !same[ph] {
					continue
				}
				for _, prep := range []string{" at ", " by "} {
					if strings.Contains(p, prep+ph) {
						p, changed = strings.ReplaceAll(p, prep+ph, " then"), true
					}
				}
			}
		}
		if i > 0 {
			if changed && i > first {
				b.WriteString(" — ")
			} else {
				b.WriteString(SegmentSep)
			}
		}
		b.WriteString(head + p)
	}
	return b.String()
}

// emptyIn reports whether part holds a placeholder of extra with no value.
func emptyIn(part string, extra map[string]string) bool {
	for k, val := range extra {
		if strings.TrimSpace(val) == "" && strings.Contains(part, k) {
			return true
		}
	}
	return false
}

// truncate cuts s to at most n runes, ending in "…" when it cut. Runes,
// not bytes: a cut inside a multi-byte character would be invalid UTF-8,
// which Slack refuses.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// when writes an instant for a status: "15:04" on now's day, "Mon 15:04"
// within six days, "2 Jan 15:04" beyond, each on the clock h ("1:30 PM");
// none for the zero time.
func when(t, now time.Time, loc *time.Location, h timefmt.Hours, none string) string {
	if t.IsZero() {
		return none
	}
	u, n := t.In(loc), now.In(loc)
	switch {
	case u.Year() == n.Year() && u.YearDay() == n.YearDay():
		return h.Time(u)
	case absDuration(u.Sub(n)) < 6*24*time.Hour:
		return h.DayTime(u)
	}
	return h.DateTime(u)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
