package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

// zones resolves the TZIDs of one feed: IANA names, Windows names (Outlook), and, for
// names that are neither (Outlook's "Customized Time Zone", "(UTC+01:00) Amsterdam,
// Berlin…"), the feed's own VTIMEZONE definition matched against real zones.
type zones struct {
	defs  map[string]*ics.VTimezone // the feed's VTIMEZONE blocks by TZID
	cache map[string]*time.Location
	year  int // the year whose transitions a custom definition is matched on
	// unknown collects TZIDs that could not be resolved, for the feed's problem line.
	unknown map[string]bool
}

func newZones(year int) *zones {
	return &zones{defs: map[string]*ics.VTimezone{}, cache: map[string]*time.Location{}, year: year, unknown: map[string]bool{}}
}

// resolve is the golang-ical TimezoneMapper: nil means "not known", which the library
// turns into an error for that property, so one bad event never sinks the feed.
func (z *zones) resolve(tzid string) *time.Location {
	tzid = strings.Trim(tzid, `"`)
	if loc, ok := z.cache[tzid]; ok {
		return loc
	}
	loc := z.lookup(tzid)
	if loc == nil {
		z.unknown[tzid] = true
	}
	z.cache[tzid] = loc
	return loc
}

func (z *zones) lookup(tzid string) *time.Location {
	if tzid == "" {
		return nil
	}
	if strings.EqualFold(tzid, "UTC") || strings.EqualFold(tzid, "GMT") || tzid == "Z" {
		return time.UTC
	}
	// time.LoadLocation also accepts a path-like name; only names without ".." are tried.
	if !strings.Contains(tzid, "..") {
		if loc, err := time.LoadLocation(tzid); err == nil {
			return loc
		}
	}
	if loc := ics.WindowsTimezoneToIANA(tzid); loc != nil {
		return loc
	}
	// Some feeds prefix the IANA name with a vendor path ("/mozilla.org/20050126_1/Europe/Berlin").
	if i := strings.Index(tzid, "/"); i >= 0 {
		parts := strings.Split(tzid, "/")
		for k := 1; k < len(parts)-1; k++ {
			name := strings.Join(parts[k:], "/")
			if loc, err := time.LoadLocation(name); err == nil && !strings.Contains(name, "..") {
				return loc
			}
		}
	}
	if def, ok := z.defs[tzid]; ok {
		return z.fromDefinition(tzid, def)
	}
	return nil
}

// rule is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type rule struct {
	from, to    int // offsets in seconds
	transitions []time.Time
}

// fromDefinition finds a real zone that agrees with the feed's definition of a custom
// zone in its offsets and its transitions during z.year. A real zone is better than a
// fixed offset: it stays right across DST for every occurrence of a recurring meeting.
// When none agrees, the definition's standard offset is used, which is right for half
// the year at worst.
func (z *zones) fromDefinition(tzid string, def *ics.VTimezone) *time.Location {
	var rules []rule
	std := 0
	haveStd := false
	for _, sub := range def.Components {
		var cb *ics.ComponentBase
		isStd := false
		switch c := sub.(type) {
		case *ics.Standard:
			cb, isStd = &c.ComponentBase, true
		case *ics.Daylight:
			cb = &c.ComponentBase
		default:
			continue
		}
		r, ok := readRule(cb, z.year)
		if !ok {
			continue
		}
		if isStd {
			std, haveStd = r.to, true
		}
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		return nil
	}
	if !haveStd {
		std = rules[0].to
	}
	for _, name := range candidateZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		if agrees(loc, rules, z.year) {
			return loc
		}
	}
	return time.FixedZone(tzid, std)
}

// agrees reports whether loc has the rules' offsets around each transition and, for a
// zone without DST, the same offset all year.
func agrees(loc *time.Location, rules []rule, year int) bool {
	anyTransition := false
	for _, r := range rules {
		for _, t := range r.transitions {
			anyTransition = true
			_, before := t.Add(-time.Minute).In(loc).Zone()
			_, after := t.Add(time.Minute).In(loc).Zone()
			if before != r.from || after != r.to {
				return false
			}
		}
	}
	if !anyTransition {
		for _, m := range []time.Month{time.January, time.July} {
			_, off := time.Date(year, m, 15, 12, 0, 0, 0, time.UTC).In(loc).Zone()
			if off != rules[0].to {
				return false
			}
		}
	}
	return true
}

// readRule reads TZOFFSETFROM, TZOFFSETTO, DTSTART and RRULE/RDATE of one part and
// works out its transitions (as instants) in the given year.
func readRule(cb *ics.ComponentBase, year int) (rule, bool) {
	var r rule
	fromP, toP, startP := cb.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom)), cb.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto)), cb.GetProperty(ics.ComponentPropertyDtStart)
	if toP == nil || startP == nil {
		return r, false
	}
	var err error
	if r.to, err = parseOffset(toP.Value); err != nil {
		return r, false
	}
	r.from = r.to
	if fromP != nil {
		if r.from, err = parseOffset(fromP.Value); err != nil {
			return r, false
		}
	}
	// DTSTART of a zone part is local time in the offset before the change.
	start, err := time.ParseInLocation("20060102T150405", startP.Value, time.FixedZone("", r.from))
	if err != nil {
		return r, false
	}
	lo := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range cb.GetProperties(ics.ComponentPropertyRrule) {
		opt, err := rrule.StrToROptionInLocation(p.Value, time.UTC)
		if err != nil {
			continue
		}
		// Outlook starts its rules in 1601; rrule-go gives up long before reaching
		// this year from there, so a yearly rule starts the year before instead.
		opt.Dtstart = start
		if opt.Freq == rrule.YEARLY && start.Year() < year-1 {
			opt.Dtstart = time.Date(year-1, start.Month(), start.Day(), start.Hour(), start.Minute(), start.Second(), 0, start.Location())
		}
		rr, err := rrule.NewRRule(*opt)
		if err != nil {
			continue
		}
		r.transitions = append(r.transitions, rr.Between(lo, hi, true)...)
	}
	if len(cb.GetProperties(ics.ComponentPropertyRrule)) == 0 && r.from != r.to && !start.Before(lo) && start.Before(hi) {
		r.transitions = append(r.transitions, start)
	}
	return r, true
}

// parseOffset reads "+0100", "-0530" or "+013000".
func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 {
		return 0, fmt.Errorf("offset %q is not ±hhmm", s)
	}
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, fmt.Errorf("offset %q has no sign", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	var err3 error
	if len(s) == 7 {
		sec, err3 = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, fmt.Errorf("offset %q is not ±hhmm", s)
	}
	return sign * (h*3600 + m*60 + sec), nil
}

// candidateZones are tried, in order, for a custom zone definition; the first zone
// whose rules agree wins, so each DST convention's most-used zone comes first.
var candidateZones = []string{
	"UTC",
	"Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Helsinki", "Europe/Athens",
	"Europe/Moscow", "Europe/Istanbul", "Europe/Lisbon", "Atlantic/Azores",
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Halifax",
	"America/St_Johns", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo",
	"America/Argentina/Buenos_Aires", "America/Santiago",
	"Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo", "Africa/Nairobi",
	"Asia/Dubai", "Asia/Tehran", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu",
	"Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo",
	"Asia/Jerusalem", "Asia/Seoul",
	"Australia/Perth", "Australia/Darwin", "Australia/Adelaide", "Australia/Brisbane",
	"Australia/Sydney", "Pacific/Auckland",
}
