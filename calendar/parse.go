package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

// Busy is one stretch of time the user is taken. Title is kept for the user's own eyes
// (the tray, a status text that asks for {title}); nothing sends it anywhere by default.
type Busy struct {
	Start, End time.Time
	Title      string
	Tentative  bool
}

// Options say how to read a feed.
type Options struct {
	// From and To bound the expansion: only occurrences that overlap [From, To) are
	// produced, so a work feed with years of history costs a fortnight's work.
	From, To time.Time
	// Local is the zone of floating times (no TZID, no Z); nil means time.Local.
	Local *time.Location
	// Emails are the user's addresses: an event one of them declined is not busy.
	Emails []string
	// TentativeFree makes tentative events free instead of busy.
	TentativeFree bool
	// MaxEvents caps the busy stretches kept per feed (the earliest are kept);
	// 0 means DefaultMaxEvents.
	MaxEvents int
}

// DefaultMaxEvents bounds one feed's busy list: more than anyone has in a fortnight,
// small enough that a runaway RRULE cannot eat memory.
const DefaultMaxEvents = 2000

// Result is what one feed says.
type Result struct {
	Busy []Busy
	// Events is the number of VEVENT blocks in the feed (before expansion).
	Events int
	// Warnings are per-event problems (an unknown zone, no end time) in plain words;
	// those events are skipped and the rest of the feed is used.
	Warnings []string
}

// FeedError is a feed that cannot be used at all, worded for a person.
type FeedError struct{ Reason string }

func (e *FeedError) Error() string { return e.Reason }

func feedErr(format string, a ...any) error { return &FeedError{Reason: fmt.Sprintf(format, a...)} }

// Check tells whether data is a calendar at all, without expanding anything: the
// test "calendar add" and every fetch apply before keeping a copy.
func Check(data []byte) error {
	head := bytes.TrimSpace(data)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")) // a BOM, as some servers send
	if len(head) == 0 {
		return feedErr("the address answered with nothing; it is not a calendar (check that the link is the ICS/iCal one)")
	}
	low := bytes.ToLower(head[:min(len(head), 512)])
	if bytes.HasPrefix(low, []byte("<")) || bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype")) {
		return feedErr("the address answered with a web page (a sign-in page?), not a calendar: use the calendar's secret ICS/iCal address, not the page you see in the browser")
	}
	if !bytes.HasPrefix(bytes.ToUpper(head[:min(len(head), 15)]), []byte("BEGIN:VCALENDAR")) {
		return feedErr("the answer does not start with BEGIN:VCALENDAR, so it is not an ICS calendar")
	}
	tail := bytes.ToUpper(head[max(0, len(head)-64):])
	if !bytes.HasSuffix(tail, []byte("END:VCALENDAR")) {
		return feedErr("the calendar is cut off (no END:VCALENDAR at the end): the download was interrupted or the server stopped early")
	}
	return nil
}

// Validate is Check plus a full read by the ICS library (no expansion): what a fetch
// must pass before it replaces the last good copy.
func Validate(data []byte) error {
	if err := Check(data); err != nil {
		return err
	}
	_, err := Parse(data, Options{From: time.Unix(0, 0), To: time.Unix(0, 0), Local: time.UTC})
	return err
}

// Parse reads one ICS feed and returns its busy stretches within [opt.From, opt.To),
// sorted by start. A feed that is not a calendar at all is a *FeedError; a feed with
// some unreadable events is a Result with Warnings.
func Parse(data []byte, opt Options) (Result, error) {
	if err := Check(data); err != nil {
		return Result{}, err
	}
	if opt.Local == nil {
		opt.Local = time.Local
	}
	if opt.MaxEvents <= 0 {
		opt.MaxEvents = DefaultMaxEvents
	}
	z := newZones(opt.From.Year())
	cal, err := ics.ParseCalendarWithOptions(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), ics.WithTimezoneMapper(z.resolve))
	if err != nil {
		var me *ics.MalformedError
		if errors.As(err, &me) {
			return Result{}, feedErr("the calendar is malformed (%v); ask its owner or use another link", err)
		}
		return Result{}, feedErr("the calendar cannot be read: %v", err)
	}
	for _, c := range cal.Components {
		if tz, ok := c.(*ics.VTimezone); ok {
			if p := tz.GetProperty(ics.ComponentPropertyTzid); p != nil {
				z.defs[strings.Trim(p.Value, `"`)] = tz
			}
		}
	}
	r := &reader{opt: opt, zones: z, emails: map[string]bool{}}
	for _, e := range opt.Emails {
		r.emails[strings.ToLower(strings.TrimSpace(e))] = true
	}
	events := cal.Events()
	res := Result{Events: len(events)}

	// Moved or cancelled occurrences (RECURRENCE-ID) replace the master's occurrence at
	// that instant; they are gathered first so the master's expansion can leave them out.
	overrides := map[string]map[int64]bool{}
	var masters, singles []*ics.VEvent
	for _, ev := range events {
		if ev.GetProperty(ics.ComponentPropertyRecurrenceId) != nil {
			rid, _, err := r.timeOf(&ev.ComponentBase, ics.ComponentPropertyRecurrenceId)
			if err != nil {
				r.warn("an event's moved occurrence has an unreadable RECURRENCE-ID (%v); it was skipped", err)
				continue
			}
			uid := ev.Id()
			if overrides[uid] == nil {
				overrides[uid] = map[int64]bool{}
			}
			overrides[uid][rid.Unix()] = true
			singles = append(singles, ev)
			continue
		}
		masters = append(masters, ev)
	}
	for _, ev := range masters {
		r.expand(ev, overrides[ev.Id()])
	}
	for _, ev := range singles {
		r.single(ev)
	}
	sort.Slice(r.busy, func(i, j int) bool {
		if !r.busy[i].Start.Equal(r.busy[j].Start) {
			return r.busy[i].Start.Before(r.busy[j].Start)
		}
		return r.busy[i].End.Before(r.busy[j].End)
	})
	if len(r.busy) > opt.MaxEvents {
		r.warn("the calendar has more than %d meetings in the next days; only the first %d are used", opt.MaxEvents, opt.MaxEvents)
		r.busy = r.busy[:opt.MaxEvents]
	}
	for tzid := range z.unknown {
		r.warn("events in the time zone %q were skipped: this computer does not know that zone", tzid)
	}
	res.Busy, res.Warnings = r.busy, r.dedupWarnings()
	return res, nil
}

type reader struct {
	opt      Options
	zones    *zones
	emails   map[string]bool
	busy     []Busy
	warnings []string
}

func (r *reader) warn(format string, a ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, a...))
}

func (r *reader) dedupWarnings() []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range r.warnings {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// busyKind answers the busy filter for one component: whether it counts, and whether
// it is tentative.
func (r *reader) busyKind(cb *ics.ComponentBase) (busy, tentative bool) {
	if p := cb.GetProperty(ics.ComponentPropertyTransp); p != nil && strings.EqualFold(strings.TrimSpace(p.Value), "TRANSPARENT") {
		return false, false
	}
	if p := cb.GetProperty(ics.ComponentPropertyStatus); p != nil {
		switch strings.ToUpper(strings.TrimSpace(p.Value)) {
		case "CANCELLED":
			return false, false
		case "TENTATIVE":
			tentative = true
		}
	}
	// Outlook says "show as" in its own property; Free there is free whatever TRANSP says.
	if p := cb.GetProperty(ics.ComponentProperty("X-MICROSOFT-CDO-BUSYSTATUS")); p != nil {
		switch strings.ToUpper(strings.TrimSpace(p.Value)) {
		case "FREE":
			return false, false
		case "TENTATIVE":
			tentative = true
		}
	}
	for _, a := range cb.Attendees() {
		email := strings.ToLower(a.Value)
		if i := strings.Index(email, "mailto:"); i == 0 {
			email = email[len("mailto:"):]
		}
		if !r.emails[strings.TrimSpace(email)] {
			continue
		}
		switch strings.ToUpper(string(a.ParticipationStatus())) {
		case "DECLINED":
			return false, false
		case "TENTATIVE":
			tentative = true
		}
	}
	if tentative && r.opt.TentativeFree {
		return false, true
	}
	return true, tentative
}

// allDay reports a DATE-valued DTSTART: all-day events (holidays, "working from home",
// someone's leave) never count as meetings.
func allDay(cb *ics.ComponentBase) bool {
	p := cb.GetProperty(ics.ComponentPropertyDtStart)
	if p == nil {
		return false
	}
	if v, ok := p.ICalParameters["VALUE"]; ok && len(v) > 0 && strings.EqualFold(v[0], "DATE") {
		return true
	}
	return len(strings.TrimSpace(p.Value)) == 8
}

// timeOf reads a DATE-TIME property: TZID (through the zone resolver) and UTC by the
// library, floating times in opt.Local by us (the library would use time.Local, which
// a test or a user's configured zone may not be).
func (r *reader) timeOf(cb *ics.ComponentBase, prop ics.ComponentProperty) (time.Time, bool, error) {
	p := cb.GetProperty(prop)
	if p == nil {
		return time.Time{}, false, nil
	}
	v := strings.TrimSpace(p.Value)
	if _, tz := p.ICalParameters["TZID"]; !tz && !strings.HasSuffix(strings.ToUpper(v), "Z") {
		layout := "20060102T150405"
		if len(v) == 8 {
			layout = "20060102"
		}
		t, err := time.ParseInLocation(layout, v, r.opt.Local)
		return t, err == nil, err
	}
	var t time.Time
	var err error
	switch prop {
	case ics.ComponentPropertyDtStart:
		t, err = cb.GetStartAt()
	case ics.ComponentPropertyDtEnd:
		t, err = cb.GetEndAt()
	case ics.ComponentPropertyRecurrenceId:
		t, err = cb.GetRecurrenceID()
	default:
		return time.Time{}, false, fmt.Errorf("no reader for %s", prop)
	}
	return t, err == nil, err
}

// span reads start and end (DTEND, or DTSTART + DURATION).
func (r *reader) span(cb *ics.ComponentBase) (start, end time.Time, ok bool) {
	start, ok, err := r.timeOf(cb, ics.ComponentPropertyDtStart)
	if err != nil || !ok {
		if err != nil && !r.zoneError(cb) {
			r.warn("an event has an unreadable start (%v); it was skipped", err)
		}
		return start, end, false
	}
	end, ok, err = r.timeOf(cb, ics.ComponentPropertyDtEnd)
	if err != nil {
		if !r.zoneError(cb) {
			r.warn("an event has an unreadable end (%v); it was skipped", err)
		}
		return start, end, false
	}
	if !ok {
		p := cb.GetProperty(ics.ComponentPropertyDuration)
		if p == nil {
			r.warn("an event has neither an end (DTEND) nor a length (DURATION); it was skipped")
			return start, end, false
		}
		d, err := parseDuration(p.Value)
		if err != nil {
			r.warn("an event has an unreadable length %q; it was skipped", p.Value)
			return start, end, false
		}
		end = start.Add(d)
	}
	if !end.After(start) {
		return start, end, false
	}
	return start, end, true
}

// zoneError tells whether a time failed because of an unknown TZID, which is reported
// once per zone, not once per event.
func (r *reader) zoneError(cb *ics.ComponentBase) bool {
	for _, prop := range []ics.ComponentProperty{ics.ComponentPropertyDtStart, ics.ComponentPropertyDtEnd} {
		if p := cb.GetProperty(prop); p != nil {
			if tz, ok := p.ICalParameters["TZID"]; ok && len(tz) == 1 && r.zones.unknown[strings.Trim(tz[0], `"`)] {
				return true
			}
		}
	}
	return false
}

func title(cb *ics.ComponentBase) string {
	if p := cb.GetProperty(ics.ComponentPropertySummary); p != nil {
		return ics.FromText(p.Value)
	}
	return ""
}

func (r *reader) add(start, end time.Time, t string, tentative bool) {
	if !end.After(r.opt.From) || !start.Before(r.opt.To) {
		return
	}
	r.busy = append(r.busy, Busy{Start: start, End: end, Title: t, Tentative: tentative})
}

// single handles an event without recurrence, or a moved occurrence.
func (r *reader) single(ev *ics.VEvent) {
	cb := &ev.ComponentBase
	if allDay(cb) {
		return
	}
	busy, tentative := r.busyKind(cb)
	if !busy {
		return
	}
	start, end, ok := r.span(cb)
	if !ok {
		return
	}
	r.add(start, end, title(cb), tentative)
}

// expand handles a master event: its own occurrence or, with RRULE/RDATE, every
// occurrence overlapping the window, less EXDATEs and the moved ones.
func (r *reader) expand(ev *ics.VEvent, moved map[int64]bool) {
	cb := &ev.ComponentBase
	rrules := cb.GetProperties(ics.ComponentPropertyRrule)
	rdates := cb.GetProperties(ics.ComponentPropertyRdate)
	if len(rrules) == 0 && len(rdates) == 0 {
		r.single(ev)
		return
	}
	if allDay(cb) {
		return
	}
	busy, tentative := r.busyKind(cb)
	if !busy {
		return
	}
	start, end, ok := r.span(cb)
	if !ok {
		return
	}
	length := end.Sub(start)
	set := &rrule.Set{}
	set.DTStart(start)
	for _, p := range rrules {
		opt, err := rrule.StrToROptionInLocation(p.Value, start.Location())
		if err != nil {
			r.warn("a repeating event has a rule this app cannot read (%v); only its first occurrence is used", err)
			set.RDate(start)
			continue
		}
		opt.Dtstart = start
		rr, err := rrule.NewRRule(*opt)
		if err != nil {
			r.warn("a repeating event has a rule this app cannot read (%v); only its first occurrence is used", err)
			set.RDate(start)
			continue
		}
		set.RRule(rr)
	}
	if len(rrules) == 0 {
		set.RDate(start) // DTSTART is the first instance of an RDATE-only set
	}
	for _, t := range r.multiTimes(cb, ics.ComponentPropertyRdate, start.Location()) {
		set.RDate(t)
	}
	for _, t := range r.multiTimes(cb, ics.ComponentPropertyExdate, start.Location()) {
		set.ExDate(t)
	}
	t := title(cb)
	for _, occ := range set.Between(r.opt.From.Add(-length), r.opt.To, true) {
		if moved[occ.Unix()] {
			continue // the override event stands for this occurrence
		}
		r.add(occ, occ.Add(length), t, tentative)
		if len(r.busy) > 4*r.opt.MaxEvents {
			return // a runaway rule (FREQ=MINUTELY…); the cap warning follows
		}
	}
}

// multiTimes reads EXDATE or RDATE lists (several properties, comma-separated values,
// as Outlook writes them). A DATE value means that day at the event's start time.
func (r *reader) multiTimes(cb *ics.ComponentBase, prop ics.ComponentProperty, loc *time.Location) []time.Time {
	var out []time.Time
	for _, p := range cb.GetProperties(prop) {
		tzid := ""
		if tz, ok := p.ICalParameters["TZID"]; ok && len(tz) == 1 {
			tzid = tz[0]
		}
		in := r.opt.Local
		if tzid != "" {
			in = r.zones.resolve(tzid)
			if in == nil {
				continue
			}
		}
		for _, v := range strings.Split(p.Value, ",") {
			v = strings.TrimSpace(v)
			var t time.Time
			var err error
			switch {
			case strings.HasSuffix(strings.ToUpper(v), "Z"):
				t, err = time.Parse("20060102T150405Z", strings.ToUpper(v))
			case len(v) == 8:
				t, err = time.ParseInLocation("20060102", v, in)
			default:
				t, err = time.ParseInLocation("20060102T150405", v, in)
			}
			if err != nil {
				r.warn("a repeating event has an unreadable %s value %q; it was ignored", prop, v)
				continue
			}
			out = append(out, t.In(loc))
		}
	}
	return out
}

// parseDuration reads an RFC 5545 duration: P1W, P1D, PT1H30M, -PT15M.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	s = strings.TrimPrefix(s, "+")
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, fmt.Errorf("duration %q", s)
	}
	var d time.Duration
	inTime := false
	num := ""
	for _, c := range s[1:] {
		switch {
		case c == 'T':
			inTime = true
		case c >= '0' && c <= '9':
			num += string(c)
		default:
			n, err := strconv.Atoi(num)
			if err != nil {
				return 0, fmt.Errorf("duration %q", s)
			}
			num = ""
			unit := map[rune]time.Duration{'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour}
			if inTime {
				unit = map[rune]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
			}
			u, ok := unit[c]
			if !ok {
				return 0, fmt.Errorf("duration %q", s)
			}
			d += time.Duration(n) * u
		}
	}
	if num != "" {
		return 0, fmt.Errorf("duration %q", s)
	}
	if neg {
		d = -d
	}
	return d, nil
}
