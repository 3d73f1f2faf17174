// Package config reads and writes config.toml in the data directory: the one
// source of settings for the tray, headless mode, windows and the CLI.
//
// Loading validates every field. A file that does not parse or validate is
// never overwritten: callers keep their last good settings and show the error.
// Writes are atomic (temp file, fsync, rename), so a crash mid-save leaves the
// old file intact.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/timefmt"
)

// FileName is the config file's name inside the data directory.
const FileName = "config.toml"

// Duration is a block length written as "25m", "1h30m" or bare minutes.
type Duration time.Duration

// UnmarshalTOML accepts a string in ParseDuration's forms or a bare
// integer of minutes. Without it, `pomodoro = 25` would decode as 25
// nanoseconds. The TOML decoder adds the line and key to the error.
func (d *Duration) UnmarshalTOML(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case int64:
		s = fmt.Sprint(v)
	case float64:
		s = fmt.Sprint(v)
	default:
		return fmt.Errorf("this must be a length in quotes, like \"25m\", or a number of minutes")
	}
	parsed, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(parsed)
	return nil
}

// ParseDuration reads a length as the file and the settings window both
// take it: Go's form ("25m", "1h30m") or a bare number of minutes ("50",
// "0"). It only reads: whether the value is allowed where it is used is
// Validate's to say, so the file and the window give the same verdict in
// the same words. (focus.ParseDuration, for a block started by hand, also
// rejects zero and overlong values; here those are Validate's problems.)
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, errors.New("empty duration: give minutes (50) or a length like 25m or 1h30m")
	}
	var d time.Duration
	if n, err := strconv.ParseFloat(in, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if math.IsNaN(n) || math.Abs(n) >= float64(math.MaxInt64/int64(time.Minute)) {
			return 0, fmt.Errorf("duration %q is out of range", s)
		}
		d = time.Duration(n * float64(time.Minute))
	} else {
		parsed, err := time.ParseDuration(in)
		if err != nil {
			// The forms people type and the window shows: "4 h",
			// "1 h 30 min", "25 minutes".
			var ok bool
			if parsed, ok = focus.ReadLength(in); !ok {
				return 0, fmt.Errorf("%q is not a length: give minutes (50) or a length like 25m or 1h30m", s)
			}
		}
		d = parsed
	}
	return d.Round(time.Second), nil
}

// MarshalText writes the Go form ("25m0s" is shortened to "25m").
func (d Duration) MarshalText() ([]byte, error) {
	s := time.Duration(d).String()
	s = trimZeroUnits(s)
	return []byte(s), nil
}

func trimZeroUnits(s string) string {
	for _, suf := range []string{"m0s", "h0m"} {
		if len(s) > len(suf) && s[len(s)-len(suf):] == suf {
			s = s[:len(s)-len(suf)+1]
		}
	}
	return s
}

// Config is the whole settings file.
type Config struct {
	General       General       `toml:"general"`
	Focus         Focus         `toml:"focus"`
	WorkingHours  WorkingHours  `toml:"working_hours"`
	Slack         Slack         `toml:"slack"`
	Notifications Notifications `toml:"notifications"`
	Pings         Pings         `toml:"pings"`
	Away          Away          `toml:"away"`
	Calendar      Calendar      `toml:"calendar"`
}

// General holds what is shown everywhere.
type General struct {
	// Clock is how times are written in the tray, the windows, the CLI,
	// notifications and the Slack status texts: "auto" (from the locale,
	// LC_ALL, LC_TIME or LANG; 24-hour when none is set), "12h" ("1:30
	// PM") or "24h" ("13:30"). Read it with Hours.
	Clock string `toml:"clock"`
}

// Hours is the clock these settings ask for, the locale deciding "auto"
// through getenv (os.Getenv in the app).
func (c Config) Hours(getenv func(string) string) timefmt.Hours {
	return timefmt.Resolve(c.General.Clock, getenv)
}

// WorkingHours lists each day's spans ("09:00-12:00", "13:00-17:30"); an
// empty day is off. Times are in the system's time zone.
type WorkingHours struct {
	Monday    []string `toml:"monday"`
	Tuesday   []string `toml:"tuesday"`
	Wednesday []string `toml:"wednesday"`
	Thursday  []string `toml:"thursday"`
	Friday    []string `toml:"friday"`
	Saturday  []string `toml:"saturday"`
	Sunday    []string `toml:"sunday"`
	// Confirmed: the user has seen these hours (in the welcome window or
	// Settings). Until then nothing happens to Slack because of them: the
	// defaults are a guess, and "Off for the day" at 20:00 on the first
	// evening would surprise. A file written before this key existed with
	// a [working_hours] table counts as confirmed (see Parse).
	Confirmed bool `toml:"confirmed"`
}

// days pairs each weekday with its key and spans.
func (w *WorkingHours) days() [7]struct {
	key   string
	spans *[]string
} {
	return [7]struct {
		key   string
		spans *[]string
	}{
		{"sunday", &w.Sunday}, {"monday", &w.Monday}, {"tuesday", &w.Tuesday}, {"wednesday", &w.Wednesday},
		{"thursday", &w.Thursday}, {"friday", &w.Friday}, {"saturday", &w.Saturday},
	}
}

// Schedule parses the working hours in loc.
func (w WorkingHours) Schedule(loc *time.Location) (focus.Schedule, error) {
	var days [7][]focus.Span
	var errs []error
	for d, day := range w.days() {
		for _, s := range *day.spans {
			sp, err := focus.ParseSpan(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("[working_hours] %s: %w", day.key, err))
				continue
			}
			days[d] = append(days[d], sp)
		}
	}
	sched, err := focus.NewSchedule(days, loc)
	if err != nil {
		errs = append(errs, fmt.Errorf("[working_hours]: %w", err))
	}
	return sched, errors.Join(errs...)
}

// Slack holds the presence automations and their status texts. Texts are
// templates: {until} is when the status ends, {tag} the focus block's tag,
// {next_review} when held messages are next read, {reply_by} the later of
// {until} and {next_review} (see StatusPlaceholders).
// The token is not here: it lives in the OS keyring.
type Slack struct {
	FocusText     string `toml:"focus_text"`
	FocusEmoji    string `toml:"focus_emoji"`
	FocusDND      bool   `toml:"focus_dnd"`
	AFKText       string `toml:"afk_text"`
	AFKEmoji      string `toml:"afk_emoji"`
	OffHours      bool   `toml:"off_hours"`
	OffHoursText  string `toml:"off_hours_text"`
	OffHoursEmoji string `toml:"off_hours_emoji"`
	// APIURL is the Web API base; HEADSDOWN_SLACK_API_URL overrides it.
	APIURL string `toml:"api_url"`
}

// Pings configures how Slack DMs and mentions are batched into review
// windows. Review windows fall only inside working hours.
type Pings struct {
	// Batch turns batching on; off, Heads Down does not read messages.
	Batch bool `toml:"batch"`
	// HoldAllDay holds pings between review windows, not only during focus.
	HoldAllDay bool `toml:"hold_all_day"`
	// ReviewTimes are times of day ("10:30") for a review on working days.
	ReviewTimes []string `toml:"review_times"`
	// ReviewEveryMinutes adds a review every N minutes of working time; 0 is off.
	ReviewEveryMinutes int `toml:"review_every_minutes"`
	// ReviewAfterFocus adds a review at the end of each focus block.
	ReviewAfterFocus bool `toml:"review_after_focus"`
	// VIPs are senders who always break through: Slack user IDs (U…) or
	// @handles.
	VIPs []string `toml:"vips"`
	// Keywords break through when a message contains one (any case).
	Keywords []string `toml:"keywords"`
	// ChannelWide counts @here, @channel and @everyone as mentions.
	ChannelWide bool `toml:"channel_wide"`
	// RetentionDays purges message texts after this many days, keeping the
	// counts for reports.
	RetentionDays int `toml:"retention_days"`
	// AutoReply answers the first DM or mention from each person during a
	// focus block once, in the message's thread, as you (off by default:
	// it posts on your behalf).
	AutoReply bool `toml:"auto_reply"`
	// AutoReplyText is that reply (see AutoReplyPlaceholders). A sentence
	// with {keyword} is left out when no keyword is set.
	AutoReplyText string `toml:"auto_reply_text"`
}

// DefaultAutoReplyText says when the sender will hear back and how to
// break through; "(auto)" marks it as automatic.
const DefaultAutoReplyText = "(auto) I'm heads-down until {until} and will read this at {reply_by}. " +
	"If it can't wait, write '{keyword}' and it reaches me."

// Focus holds the timer plans.
type Focus struct {
	Pomodoro       Duration `toml:"pomodoro"`
	ShortBreak     Duration `toml:"short_break"`
	LongBreak      Duration `toml:"long_break"`
	LongBreakEvery int      `toml:"long_break_every"`
	DeepWork       Duration `toml:"deep_work"`
	DeepWorkBreak  Duration `toml:"deep_work_break"`
	AutoStartBreak bool     `toml:"auto_start_break"`
	AutoStartFocus bool     `toml:"auto_start_focus"`
	// DailyGoal is the deep-work goal a day, for reports and streaks.
	DailyGoal Duration `toml:"daily_goal"`
}

// Notifications switches desktop notifications and their sound.
type Notifications struct {
	Enabled bool `toml:"enabled"`
	Sound   bool `toml:"sound"`
	// WeeklyReport: a summary of the week at the end of its last working day.
	WeeklyReport bool `toml:"weekly_report"`
}

// Away is what Heads Down does when you step away from the desktop: the
// screen locks, the machine suspends, or there is no input for a while.
// Going away sets AFK (Slack away presence and the Text/Emoji status),
// pauses a running focus block and holds pings; coming back undoes it.
type Away struct {
	// OnLock sets AFK when the screen locks (a screen saver counts) or the
	// machine suspends.
	OnLock bool `toml:"on_lock"`
	// IdleMinutes sets AFK after this many minutes without input; 0 is
	// off. Read it with IdleAfter.
	IdleMinutes int `toml:"idle_minutes"`
	// ResumeLimit (resume_within in the file): a block that going away
	// paused resumes by itself when the absence was shorter than this;
	// after a longer one it is stopped at the moment you left. Read it
	// with ResumeWithin.
	ResumeLimit Duration `toml:"resume_within"`
	// Text is the Slack status while away, a template: {since} is when you
	// left, besides the Slack texts' {until} and {tag}.
	Text string `toml:"text"`
	// Emoji is the status emoji while away, a code like ":walking:".
	Emoji string `toml:"emoji"`
	// Presence also sets Slack's presence to away while you are away or
	// off hours. Off by default: Slack never expires a manual "away" (only
	// Heads Down can set it back), so a machine that dies while you are
	// away would show you away on every Slack client until it runs again.
	// The status, which expires by itself, says it either way; and Slack's
	// own automatic presence already turns away when the computer is
	// locked, asleep or idle.
	Presence bool `toml:"presence"`
}

// IdleAfter is how long without input counts as away; 0 means idle
// detection is off.
func (a Away) IdleAfter() time.Duration {
	return time.Duration(a.IdleMinutes) * time.Minute
}

// ResumeWithin is the longest absence after which a block that going away
// paused resumes by itself.
func (a Away) ResumeWithin() time.Duration {
	return time.Duration(a.ResumeLimit)
}

// DefaultFocusText tells a sender when their message will be read. With
// no review planned the part after " · " is left out, so it reads as the
// old default did.
const DefaultFocusText = "Heads down until {until} · reading messages at {next_review}"

// oldDefaultFocusText was the default before {next_review}. The Settings
// window writes every setting to the file, so a file holding it says
// nothing about whether the user chose it; taken as untouched, it gets
// the new default (which reads the same when no review is planned). Any
// other text, even a slightly different one, is kept as written.
const oldDefaultFocusText = "Heads down until {until}"

// upgradeDefaults replaces defaults of older versions that a file still
// holds (see oldDefaultFocusText).
func (c *Config) upgradeDefaults() {
	if c.Slack.FocusText == oldDefaultFocusText {
		c.Slack.FocusText = DefaultFocusText
	}
}

// Default is what a new user gets.
func Default() Config {
	return Config{
		General: General{Clock: timefmt.Auto},
		Focus: Focus{
			Pomodoro: Duration(focus.Pomodoro.Focus), ShortBreak: Duration(focus.Pomodoro.ShortBreak),
			LongBreak: Duration(focus.Pomodoro.LongBreak), LongBreakEvery: focus.Pomodoro.LongBreakEvery,
			DeepWork: Duration(focus.DeepWork.Focus), DeepWorkBreak: Duration(focus.DeepWork.ShortBreak),
			AutoStartBreak: true, DailyGoal: Duration(4 * time.Hour),
		},
		WorkingHours: WorkingHours{
			Monday: []string{"09:00-17:30"}, Tuesday: []string{"09:00-17:30"}, Wednesday: []string{"09:00-17:30"},
			Thursday: []string{"09:00-17:30"}, Friday: []string{"09:00-17:30"},
		},
		Slack: Slack{
			FocusText: DefaultFocusText, FocusEmoji: ":headphones:", FocusDND: true,
			AFKText: "Away, back {until}", AFKEmoji: ":walking:",
			OffHours: true, OffHoursText: "Off for the day, back {until}", OffHoursEmoji: ":crescent_moon:",
		},
		Notifications: Notifications{Enabled: true, Sound: true, WeeklyReport: true},
		Pings: Pings{
			Batch: true, ReviewTimes: []string{"10:30", "13:30", "16:30"}, ReviewAfterFocus: true,
			Keywords: []string{"urgent", "incident", "prod down"}, RetentionDays: 14,
			AutoReplyText: DefaultAutoReplyText,
		},
		Away: Away{
			OnLock: true, IdleMinutes: 10, ResumeLimit: Duration(15 * time.Minute),
			Text: "Away, back soon", Emoji: ":walking:",
		},
		Calendar: DefaultCalendar(),
	}
}

// PomodoroPlan is the short-block plan these settings describe.
func (c Config) PomodoroPlan() focus.Plan {
	return focus.Plan{Name: focus.Pomodoro.Name, Focus: time.Duration(c.Focus.Pomodoro),
		ShortBreak: time.Duration(c.Focus.ShortBreak), LongBreak: time.Duration(c.Focus.LongBreak),
		LongBreakEvery: c.Focus.LongBreakEvery}
}

// DeepWorkPlan is the long-block plan these settings describe.
func (c Config) DeepWorkPlan() focus.Plan {
	brk := time.Duration(c.Focus.DeepWorkBreak)
	return focus.Plan{Name: focus.DeepWork.Name, Focus: time.Duration(c.Focus.DeepWork),
		ShortBreak: brk, LongBreak: brk}
}

// Plan returns the plan with the given name; unknown names get Pomodoro.
func (c Config) Plan(name string) focus.Plan {
	if name == focus.DeepWork.Name {
		return c.DeepWorkPlan()
	}
	return c.PomodoroPlan()
}

// Settings are the engine settings for the named plan.
func (c Config) Settings(plan string) focus.Settings {
	return focus.Settings{Plan: c.Plan(plan), AutoStartBreak: c.Focus.AutoStartBreak, AutoStartFocus: c.Focus.AutoStartFocus}
}

// Load reads the config file at path. A missing file yields the defaults.
// Keys that are absent keep their default; unknown keys are errors, since
// they are usually typos that would otherwise be silently ignored.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("read settings %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse decodes and validates config data; path is only used in errors.
// Every problem is reported with its key and line, and nothing of an
// invalid file is used: the result is then Default().
func Parse(path string, data []byte) (Config, error) {
	lines := keyLines(data)
	cfg, md, problems, err := decode(data, lines)
	if err != nil {
		return Default(), fmt.Errorf("settings %s: %w", path, err)
	}
	cfg.upgradeDefaults()
	if md.IsDefined("working_hours") && !md.IsDefined("working_hours", "confirmed") {
		cfg.WorkingHours.Confirmed = true // hours someone wrote down are theirs
	}
	for _, k := range md.Undecoded() {
		problems = append(problems, Problem{Key: k.String(), Line: lines[k.String()],
			Msg: "unknown setting (a typo? it would be ignored)"})
	}
	if err := cfg.Validate(); err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				p.Line = lines[p.Key]
				problems = append(problems, p)
			}
		}
	}
	if len(problems) > 0 {
		// In the file's order, as a person reads and fixes it.
		slices.SortStableFunc(problems, func(a, b Problem) int {
			return cmp.Compare(cmp.Or(a.Line, math.MaxInt), cmp.Or(b.Line, math.MaxInt))
		})
		return Default(), fmt.Errorf("settings %s: %w", path, problems)
	}
	return cfg, nil
}

// decode reads the file into a Config. The TOML decoder stops at the
// first value it cannot take ("25 minutes" for a length, a text where a
// list goes), which would hide every problem after it and every unknown
// key: so each such value is noted as a problem, taken out, and the rest
// decoded again, until all that is left decodes. A file that is not TOML
// at all is one problem, at its line.
func decode(data []byte, lines map[string]int) (Config, toml.MetaData, Problems, error) {
	cfg := Default()
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&cfg)
	if err == nil {
		return cfg, md, nil, nil
	}
	var raw map[string]any
	if _, serr := toml.Decode(string(data), &raw); serr != nil {
		var pe toml.ParseError
		if errors.As(serr, &pe) {
			return cfg, md, nil, Problems{{Line: pe.Position.Line, Msg: "this line is not valid TOML (" + pe.Message + "); fix it, or remove the file to start from the defaults"}}
		}
		return cfg, md, nil, serr
	}
	var problems Problems
	for range 100 { // a file has fewer settings than that
		key, msg := decodeProblem(err)
		if key == "" || !deleteKey(raw, key) {
			return cfg, md, nil, err // not a value's problem: as the decoder said it
		}
		problems = append(problems, Problem{Key: key, Line: lines[key], Msg: msg})
		var buf bytes.Buffer
		if eerr := toml.NewEncoder(&buf).Encode(raw); eerr != nil {
			return cfg, md, nil, fmt.Errorf("read the settings again without %s: %w", key, eerr)
		}
		cfg = Default()
		if md, err = toml.NewDecoder(&buf).Decode(&cfg); err == nil {
			return cfg, md, problems, nil
		}
	}
	return cfg, md, nil, err
}

// decodeProblem is the key and the reason of a decoder's error about one
// value; key is "" when the error is not about one.
func decodeProblem(err error) (key, msg string) {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.LastKey != "" {
		return pe.LastKey, pe.Message
	}
	if m := lastKey.FindStringSubmatch(err.Error()); m != nil {
		return m[1], valueWords(m[2])
	}
	return "", ""
}

// deleteKey removes the dotted key from a decoded TOML document.
func deleteKey(doc map[string]any, key string) bool {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := doc[p].(map[string]any)
		if !ok {
			return false
		}
		doc = next
	}
	last := parts[len(parts)-1]
	if _, ok := doc[last]; !ok {
		return false
	}
	delete(doc, last)
	return true
}

// Save validates cfg and writes it atomically to path with owner-only
// permissions.
func Save(path string, cfg Config) error {
	data, err := Encode(cfg)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, data, 0o600)
}

// Encode validates cfg and writes it as the settings file's text.
func Encode(cfg Config) ([]byte, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("not saved: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString("# Heads Down settings. Edit here or in the Settings window.\n\n")
	if err := toml.NewEncoder(&buf).Encode(cfg); err != nil {
		return nil, fmt.Errorf("encode settings: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path, so readers see the old or the new file, never half.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
