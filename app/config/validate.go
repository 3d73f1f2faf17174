package config

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// Problem is one invalid setting: its dotted key ("focus.pomodoro"), the
// line it is on in the file (0 when not from a file) and what is wrong.
type Problem struct {
	Key  string
	Line int
	Msg  string
}

func (p Problem) Error() string {
	section, key, _ := strings.Cut(p.Key, ".")
	where := fmt.Sprintf("[%s] %s", section, key)
	if p.Key == "" {
		where = "the file" // not TOML: no key to name
	}
	if p.Line > 0 {
		where = fmt.Sprintf("line %d: %s", p.Line, where)
	}
	return where + ": " + p.Msg
}

// Problems is every problem found at once, so a user fixes them in one go.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// For returns the problems of one key, for a form to show beside a field.
func (ps Problems) For(key string) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Key == key {
			out = append(out, p)
		}
	}
	return out
}

var emojiPattern = regexp.MustCompile(`^:[a-z0-9_+'\-]+(::skin-tone-[2-6])?:$`)

// Validate reports every problem, each naming its key, as Problems.
func (c Config) Validate() error {
	var ps Problems
	add := func(key, format string, args ...any) {
		ps = append(ps, Problem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if err := timefmt.CheckSetting(c.General.Clock); err != nil {
		add("general.clock", "%v", err)
	}
	clock := c.General.Clock
	for _, f := range []struct {
		key string
		d   Duration
	}{
		{"focus.pomodoro", c.Focus.Pomodoro}, {"focus.short_break", c.Focus.ShortBreak},
		{"focus.long_break", c.Focus.LongBreak}, {"focus.deep_work", c.Focus.DeepWork},
		{"focus.deep_work_break", c.Focus.DeepWorkBreak},
	} {
		if err := CheckLength(time.Duration(f.d)); err != nil {
			add(f.key, "%v", err)
		}
	}
	if n := c.Focus.LongBreakEvery; n < 0 || n > 100 {
		add("focus.long_break_every", "blocks before a long break must be from 0 (never) to 100, got %d", n)
	}
	if g := time.Duration(c.Focus.DailyGoal); g < 0 || g > focus.MaxBlock {
		got := focus.FormatDuration(g)
		if g < 0 {
			got = "-" + got // FormatDuration drops the sign
		}
		add("focus.daily_goal", "the daily goal must be from 0 (none) to %s, got %s", focus.FormatDuration(focus.MaxBlock), got)
	}
	for _, day := range c.WorkingHours.days() {
		if _, err := ParseDay(*day.spans); err != nil {
			add("working_hours."+day.key, "%v", err)
		}
	}
	for _, f := range []struct{ key, text, emoji string }{
		{"focus", c.Slack.FocusText, c.Slack.FocusEmoji},
		{"afk", c.Slack.AFKText, c.Slack.AFKEmoji},
		{"off_hours", c.Slack.OffHoursText, c.Slack.OffHoursEmoji},
	} {
		if err := CheckStatusText(f.text, clock); err != nil {
			add("slack."+f.key+"_text", "%v", err)
		}
		if err := CheckPlaceholders(f.text, StatusPlaceholders); err != nil {
			add("slack."+f.key+"_text", "%v", err)
		}
		if err := CheckEmoji(f.emoji); err != nil {
			add("slack."+f.key+"_emoji", "%v", err)
		}
	}
	if u := c.Slack.APIURL; u != "" && !strings.HasSuffix(u, "/") {
		add("slack.api_url", "%q must end with /", u)
	}
	for _, t := range c.Pings.ReviewTimes {
		if _, err := ParseTimeOfDay(t); err != nil {
			add("pings.review_times", "%v", err)
		}
	}
	if n := c.Pings.ReviewEveryMinutes; n != 0 && (n < 5 || n > 24*60) {
		add("pings.review_every_minutes", "a review every %s: use 0 (off) or 5 to 1440", plural(n, "minute", "minutes"))
	}
	for _, v := range c.Pings.VIPs {
		if strings.TrimSpace(strings.TrimPrefix(v, "@")) == "" {
			add("pings.vips", "an empty sender")
		}
	}
	for _, k := range c.Pings.Keywords {
		if strings.TrimSpace(k) == "" {
			add("pings.keywords", "an empty keyword would match every message")
		}
	}
	if err := CheckAutoReplyText(c.Pings.AutoReplyText, c.Pings.AutoReply, clock); err != nil {
		add("pings.auto_reply_text", "%v", err)
	}
	if n := c.Pings.RetentionDays; n < 1 || n > 3650 {
		add("pings.retention_days", "keep message texts from 1 to 3650 days, got %d", n)
	}
	if n := c.Away.IdleMinutes; n < 0 || n > MaxIdleMinutes {
		add("away.idle_minutes", "away after %s without input: use 0 (off) or 1 to %d", plural(n, "minute", "minutes"), MaxIdleMinutes)
	}
	if d := c.Away.ResumeWithin(); d < MinResumeWithin || d > MaxResumeWithin {
		got, _ := c.Away.ResumeLimit.MarshalText()
		add("away.resume_within", "resume a paused block after an absence of %s to %s, got %s",
			focus.FormatDuration(MinResumeWithin), focus.FormatDuration(MaxResumeWithin), got)
	}
	if err := CheckStatusText(c.Away.Text, clock); err != nil {
		add("away.text", "%v", err)
	}
	if err := CheckPlaceholders(c.Away.Text, AwayPlaceholders); err != nil {
		add("away.text", "%v", err)
	}
	if err := CheckEmoji(c.Away.Emoji); err != nil {
		add("away.emoji", "%v", err)
	}
	c.Calendar.validate(clock, add)
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Limits of the [away] settings. Idle detection beyond four hours is not
// "stepping away" any more; an absence is worth resuming after for at most
// as long as a block may last.
const (
	MaxIdleMinutes  = 240
	MinResumeWithin = time.Minute
	MaxResumeWithin = focus.MaxBlock
)

// StatusPlaceholders are what a Slack status template may contain:
// {until} when the status ends, {tag} the focus block's tag,
// {next_review} when held messages are next read and {reply_by} the later
// of the two times (see presence.Values). The away status adds {since},
// when you left.
var (
	StatusPlaceholders = []string{"{until}", "{tag}", "{next_review}", "{reply_by}"}
	AwayPlaceholders   = slices.Concat([]string{"{since}"}, StatusPlaceholders)
)

// AutoReplyPlaceholders are what the auto-reply may contain: the status's
// times, and {keyword}, the first breakthrough keyword, so the sender
// knows how to reach you now.
var AutoReplyPlaceholders = []string{"{until}", "{next_review}", "{reply_by}", "{keyword}"}

// MaxAutoReplyText bounds the auto-reply: it lands in someone else's
// thread, so it should read at a glance (Slack itself takes 40,000).
const MaxAutoReplyText = 400

// CheckAutoReplyText checks the auto-reply template: known placeholders
// only (a typo would reach a colleague as written), at most
// MaxAutoReplyText characters with its times at their widest on the clock
// setting ({keyword} counts as written), and not empty when replies are on.
func CheckAutoReplyText(s string, on bool, clock string) error {
	if err := CheckPlaceholders(s, AutoReplyPlaceholders); err != nil {
		return err
	}
	switch n := RenderedLength(s, clock); {
	case strings.TrimSpace(s) == "" && on:
		return fmt.Errorf("the auto-reply is on but has no text: write one or turn it off")
	case n > MaxAutoReplyText:
		return fmt.Errorf("up to %d characters once the times are filled in; keep it under %d", n, MaxAutoReplyText)
	}
	return nil
}

var placeholderPattern = regexp.MustCompile(`\{[^{}]*\}`)

// CheckPlaceholders reports a {word} in a template that is not one of
// allowed: a typo such as {sinse} would otherwise reach Slack as written.
func CheckPlaceholders(s string, allowed []string) error {
	for _, p := range placeholderPattern.FindAllString(s, -1) {
		if !slices.Contains(allowed, p) {
			return fmt.Errorf("unknown placeholder %s: use %s", p, orList(allowed))
		}
	}
	return nil
}

// plural is "1 minute", "3 minutes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// orList writes "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// CheckLength is the rule for a block or break length.
func CheckLength(d time.Duration) error {
	switch {
	case d <= 0:
		return fmt.Errorf("the length must be positive, got %s", d)
	case d < time.Minute:
		return fmt.Errorf("%s is shorter than a minute", d)
	case d > focus.MaxBlock:
		return fmt.Errorf("%s is longer than %s", focus.FormatDuration(d), focus.FormatDuration(focus.MaxBlock))
	}
	return nil
}

// MaxStatusText is Slack's limit on a status text, in characters.
const MaxStatusText = 100

// TimeWidth is the widest a time placeholder renders on the clock
// setting: "12 Jan 09:00", 12 characters, on "24h"; "12 Jan 12:30 PM",
// 15, on "12h" and on "auto", since the locale may pick 12 hours and a
// file must not be valid in one terminal and not in another. (That is
// presence's format for a time a week or more away; "Mon 3:04 PM",
// "later" and "a while" are shorter.)
func TimeWidth(clock string) int {
	if clock == timefmt.Set24 {
		return len("12 Jan 09:00")
	}
	return len("12 Jan 12:30 PM")
}

// timePlaceholders render as a time (or a word in its place).
var timePlaceholders = []string{"{until}", "{since}", "{next_review}", "{reply_by}"}

// RenderedLength is the most characters s can take on Slack once its times
// are filled in, each at its widest on the clock setting (TimeWidth).
// {tag} counts as empty: a tag is typed per block, so it cannot be checked
// here, and the status is cut (at a character, with "…") if a long one
// makes it too long.
func RenderedLength(s, clock string) int {
	n := len([]rune(s))
	w := TimeWidth(clock)
	for _, p := range timePlaceholders {
		n += strings.Count(s, p) * (w - len(p))
	}
	return n - strings.Count(s, "{tag}")*len("{tag}")
}

// CheckStatusText is Slack's limit on a status text, applied to the text
// as Slack will get it: "{until}" is 7 characters in the template but up
// to 12 on Slack ("12 Jan 09:00"), or 15 on a 12-hour clock ("12 Jan
// 12:30 PM"; see TimeWidth).
func CheckStatusText(s, clock string) error {
	n, worst := len([]rune(s)), RenderedLength(s, clock)
	switch {
	case n > MaxStatusText:
		return fmt.Errorf("%d characters; Slack allows %d", n, MaxStatusText)
	case worst > MaxStatusText && clock != timefmt.Set24:
		return fmt.Errorf("up to %d characters once the times are filled in (%d each, as in \"12 Jan 12:30 PM\"); Slack allows %d: shorten it, or use the 24-hour clock",
			worst, TimeWidth(clock), MaxStatusText)
	case worst > MaxStatusText:
		return fmt.Errorf("up to %d characters once the times are filled in (%d each); Slack allows %d",
			worst, TimeWidth(clock), MaxStatusText)
	}
	return nil
}

// CheckEmoji accepts an empty emoji or a code like ":headphones:".
func CheckEmoji(s string) error {
	if s != "" && !emojiPattern.MatchString(s) {
		return fmt.Errorf("%q: write an emoji code like \":headphones:\"", s)
	}
	return nil
}

// ParseTimeOfDay reads "10:30" or "10:30 am" as minutes after midnight
// (00:00 to 23:59).
func ParseTimeOfDay(s string) (int, error) {
	m, err := focus.ParseClock(s)
	if err != nil {
		return 0, err
	}
	if m >= 24*60 {
		return 0, fmt.Errorf("%q is not a time of day %s", s, focus.ClockForms)
	}
	return m, nil
}

// ParseDay validates one day's spans: each must read like 09:00-12:00, end
// after it starts, and not overlap another.
func ParseDay(spans []string) ([]focus.Span, error) {
	var days [7][]focus.Span
	for _, s := range spans {
		sp, err := focus.ParseSpan(s)
		if err != nil {
			return nil, err
		}
		days[0] = append(days[0], sp)
	}
	sched, err := focus.NewSchedule(days, time.UTC)
	if err != nil {
		// NewSchedule names the weekday it was given; the caller knows it.
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "Sunday: "))
	}
	return sched.Days[0], nil
}

// ParseDayText reads a day as typed in the settings window,
// "09:00-12:00, 13:00-17:30" (en dashes too); empty is a day off. It
// returns the spans as the file writes them.
func ParseDayText(text string) ([]string, error) {
	text = strings.NewReplacer("–", "-", "—", "-", " to ", "-").Replace(text)
	var spans []string
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			spans = append(spans, part)
		}
	}
	parsed, err := ParseDay(spans)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, sp := range parsed {
		out = append(out, sp.String())
	}
	return out, nil
}

// DayText is the inverse of ParseDayText.
func DayText(spans []string) string {
	return strings.Join(spans, ", ")
}

// keyLines maps each dotted key in a TOML document to the line it is set
// on. The decoder reports lines only for syntax errors, and a user fixing
// "[focus] pomodoro" in a long file wants to know where it is. It reads
// plain tables and keys, which is all a settings file has; anything it
// cannot place is simply reported without a line.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
		case strings.HasPrefix(line, "[["):
			section = ""
		case line[0] == '[':
			if end := strings.IndexByte(line, ']'); end > 0 {
				section = strings.TrimSpace(line[1:end])
			}
		default:
			key, _, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			key = strings.Trim(strings.TrimSpace(key), `"'`)
			if section != "" {
				key = section + "." + key
			}
			if _, seen := lines[key]; !seen {
				lines[key] = n
			}
		}
	}
	return lines
}
