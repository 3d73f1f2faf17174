package focus_test

import (
	"testing"
	"time"

	. "github.com/headsdown-app/headsdown/focus"
)

// blk is a completed focus block of one stretch, [from, to).
func blk(from, to time.Time, tag string) Block {
	return Block{Kind: KindFocus, Tag: tag, StartedAt: from, EndedAt: to, CheckpointAt: to, Active: to.Sub(from),
		Outcome: OutcomeCompleted, Segments: []Interval{{Start: from, End: to}}}
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skip("no tzdata for " + name)
	}
	return loc
}

func TestRangeBoundariesEastAndWestOfUTC(t *testing.T) {
	for _, name := range []string{"Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "Pacific/Honolulu", "UTC"} {
		t.Run(name, func(t *testing.T) {
			loc := zone(t, name)
			// 23:30 on 31 Oct to 00:45 on 1 Nov, local: 30 min in October,
			// 45 in November, whatever the offset from UTC.
			b := blk(time.Date(2026, 10, 31, 23, 30, 0, 0, loc), time.Date(2026, 11, 1, 0, 45, 0, 0, loc), "x")
			oct := BuildRange(RangeInput{Period: MonthPeriod(2026, time.October), Loc: loc, Blocks: []Block{b}})
			nov := BuildRange(RangeInput{Period: MonthPeriod(2026, time.November), Loc: loc, Blocks: []Block{b}})
			if len(oct.Days) != 31 || len(nov.Days) != 30 {
				t.Fatalf("days: %d, %d", len(oct.Days), len(nov.Days))
			}
			if oct.Days[30].Focus != 30*time.Minute || oct.Focus != 30*time.Minute || oct.Completed != 1 || oct.Days[30].Completed != 1 {
				t.Errorf("October: last day %v, total %v, completed %d", oct.Days[30].Focus, oct.Focus, oct.Completed)
			}
			if nov.Days[0].Focus != 45*time.Minute || nov.Focus != 45*time.Minute || nov.Completed != 0 {
				t.Errorf("November: first day %v, total %v, completed %d (the block started in October)", nov.Days[0].Focus, nov.Focus, nov.Completed)
			}
			// A year's end the same way, and the year report sums both months.
			nye := blk(time.Date(2026, 12, 31, 23, 0, 0, 0, loc), time.Date(2027, 1, 1, 1, 0, 0, 0, loc), "")
			y26 := BuildRange(RangeInput{Period: YearPeriod(2026), Loc: loc, Blocks: []Block{b, nye}})
			y27 := BuildRange(RangeInput{Period: YearPeriod(2027), Loc: loc, Blocks: []Block{b, nye}})
			if y26.Focus != 75*time.Minute+time.Hour || y27.Focus != time.Hour || y26.Days[364].Focus != time.Hour || y27.Days[0].Focus != time.Hour {
				t.Errorf("year 2026 %v (last day %v), 2027 %v (first day %v)", y26.Focus, y26.Days[364].Focus, y27.Focus, y27.Days[0].Focus)
			}
			if y26.Months[9].Focus != 30*time.Minute || y26.Months[10].Focus != 45*time.Minute || y26.Months[11].Focus != time.Hour {
				t.Errorf("months Oct %v Nov %v Dec %v", y26.Months[9].Focus, y26.Months[10].Focus, y26.Months[11].Focus)
			}
			// The same instants, cut at the zone's own midnight: a range of
			// the two days holds all of it.
			r, err := RangePeriod(Date{2026, 10, 31}, Date{2026, 11, 1})
			if err != nil {
				t.Fatal(err)
			}
			both := BuildRange(RangeInput{Period: r, Loc: loc, Blocks: []Block{b}})
			if both.Focus != 75*time.Minute || len(both.Days) != 2 {
				t.Errorf("range: %v over %d days", both.Focus, len(both.Days))
			}
		})
	}
}

func TestRangeDSTMonthsAndLeapYear(t *testing.T) {
	berlin, la := zone(t, "Europe/Berlin"), zone(t, "America/Los_Angeles")
	for _, c := range []struct {
		name   string
		loc    *time.Location
		period Period
		days   int
		hours  float64
	}{
		{"Berlin March springs forward", berlin, MonthPeriod(2026, time.March), 31, 31*24 - 1},
		{"Berlin October falls back", berlin, MonthPeriod(2026, time.October), 31, 31*24 + 1},
		{"Los Angeles November falls back", la, MonthPeriod(2026, time.November), 30, 30*24 + 1},
		{"a leap February", berlin, MonthPeriod(2028, time.February), 29, 29 * 24},
		{"an ordinary February", berlin, MonthPeriod(2027, time.February), 28, 28 * 24},
		{"a leap year", la, YearPeriod(2028), 366, 366 * 24},
		{"a range that ends on the short day", berlin, Period{Kind: PeriodRange, First: Date{2026, 3, 29}, Last: Date{2026, 3, 29}}, 1, 23},
		{"a range that ends on the long day", berlin, Period{Kind: PeriodRange, First: Date{2026, 10, 24}, Last: Date{2026, 10, 25}}, 2, 49},
		{"an ordinary year", la, YearPeriod(2026), 365, 365 * 24},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := BuildRange(RangeInput{Period: c.period, Loc: c.loc})
			if len(r.Days) != c.days || r.End.Sub(r.Start).Hours() != c.hours {
				t.Errorf("%d days, %v hours; want %d, %v", len(r.Days), r.End.Sub(r.Start).Hours(), c.days, c.hours)
			}
			for i, d := range r.Days {
				if d.Date.Hour() != 0 || (i > 0 && !d.Date.After(r.Days[i-1].Date)) {
					t.Fatalf("day %d starts %v", i, d.Date)
				}
			}
		})
	}
	// A block across the spring-forward night: 01:30 to 03:30 Berlin is
	// one hour of wall time, all of it on 29 March.
	b := blk(time.Date(2026, 3, 29, 1, 30, 0, 0, berlin), time.Date(2026, 3, 29, 3, 30, 0, 0, berlin), "")
	r := BuildRange(RangeInput{Period: MonthPeriod(2026, time.March), Loc: berlin, Blocks: []Block{b}})
	if r.Days[28].Focus != time.Hour || r.Focus != time.Hour {
		t.Errorf("29 March: %v, month %v", r.Days[28].Focus, r.Focus)
	}
	// 29 February 2028 exists and holds its focus.
	leap := blk(time.Date(2028, 2, 29, 23, 0, 0, 0, berlin), time.Date(2028, 3, 1, 0, 30, 0, 0, berlin), "")
	feb := BuildRange(RangeInput{Period: MonthPeriod(2028, time.February), Loc: berlin, Blocks: []Block{leap}})
	y := BuildRange(RangeInput{Period: YearPeriod(2028), Loc: berlin, Blocks: []Block{leap}})
	if feb.Days[28].Focus != time.Hour || feb.Focus != time.Hour || y.Days[59].Focus != time.Hour || y.Days[60].Focus != 30*time.Minute || y.Days[60].Date.Day() != 1 {
		t.Errorf("29 Feb %v (month %v), 1 Mar in the year %v on %v", feb.Days[28].Focus, feb.Focus, y.Days[60].Focus, y.Days[60].Date)
	}
}

func TestRangeGoalDaysAndStreakAcrossAYearEnd(t *testing.T) {
	loc := zone(t, "America/New_York")
	var blocks []Block
	// Two hours a day from 28 Dec 2026 to 3 Jan 2027; nothing on 27 Dec.
	for d := 28; d <= 31+3; d++ {
		s := time.Date(2026, 12, d, 9, 0, 0, 0, loc)
		blocks = append(blocks, blk(s, s.Add(2*time.Hour), "deep"))
	}
	for _, c := range []struct {
		name             string
		period           Period
		now              time.Time
		goalDays, streak int
	}{
		{"2026, seen later", YearPeriod(2026), time.Date(2027, 2, 1, 12, 0, 0, 0, loc), 4, 4},
		{"2027, on 3 Jan evening", YearPeriod(2027), time.Date(2027, 1, 3, 20, 0, 0, 0, loc), 3, 7},
		{"2027, on 2 Jan evening: 3 Jan is still to come", YearPeriod(2027), time.Date(2027, 1, 2, 20, 0, 0, 0, loc), 2, 6},
		{"2027, on 4 Jan morning: today does not break it", YearPeriod(2027), time.Date(2027, 1, 4, 8, 0, 0, 0, loc), 3, 7},
		{"2027, on 5 Jan: a missed day breaks it", YearPeriod(2027), time.Date(2027, 1, 5, 8, 0, 0, 0, loc), 3, 0},
		{"January 2027", MonthPeriod(2027, time.January), time.Date(2027, 1, 3, 20, 0, 0, 0, loc), 3, 7},
		{"December 2026", MonthPeriod(2026, time.December), time.Date(2027, 3, 1, 0, 0, 0, 0, loc), 4, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := BuildRange(RangeInput{Period: c.period, Loc: loc, Now: c.now, Goal: time.Hour, Blocks: blocks})
			if r.GoalDays != c.goalDays || r.Streak != c.streak {
				t.Errorf("goal days %d, streak %d; want %d, %d", r.GoalDays, r.Streak, c.goalDays, c.streak)
			}
			inStreak := 0
			for _, d := range r.Days {
				if d.GoalMet && d.Future {
					t.Fatalf("a future day %v has its goal met", d.Date)
				}
				if d.InStreak {
					inStreak++
					if !d.GoalMet {
						t.Fatalf("%v is in the streak without its goal", d.Date)
					}
				}
			}
			if want := min(c.streak, c.goalDays); inStreak != want {
				t.Errorf("%d days marked in the streak, want %d", inStreak, want)
			}
		})
	}
}

// A streak looks back StreakLookback days before the period, whatever its
// length: a year of goal days and the 56 before it.
func TestRangeStreakOfAWholeYear(t *testing.T) {
	var blocks []Block
	for d := time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC); d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		blocks = append(blocks, blk(d, d.Add(time.Hour), ""))
	}
	r := BuildRange(RangeInput{Period: YearPeriod(2026), Loc: time.UTC, Goal: time.Hour, Blocks: blocks})
	if r.GoalDays != 365 || r.Streak != 365+StreakLookback {
		t.Fatalf("goal days %d, streak %d; want 365, %d", r.GoalDays, r.Streak, 365+StreakLookback)
	}
}

func TestRangeFigures(t *testing.T) {
	loc := zone(t, "Europe/Paris")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	manual := blk(at(11, 4, 14), at(11, 4, 15), "essay")
	manual.Manual = true
	blocks := []Block{
		blk(at(11, 2, 9), at(11, 2, 11), "q3"),   // Mon, W45
		blk(at(11, 3, 9), at(11, 3, 10), "q3"),   // Tue
		manual,                                   // Wed, by hand
		blk(at(11, 10, 9), at(11, 10, 13), "q3"), // Tue W46: best day, 4 h
		blk(at(11, 30, 9), at(11, 30, 10), ""),   // Mon W49
		blk(at(12, 1, 9), at(12, 1, 10), "q3"),   // outside November
	}
	r := BuildRange(RangeInput{Period: MonthPeriod(2026, time.November), Loc: loc, Goal: 2 * time.Hour, Blocks: blocks,
		Now: at(12, 5, 0)})
	h := time.Hour
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("focus", r.Focus, 9*h)
	check("manual", r.Manual, h)
	check("completed", r.Completed, 5)
	check("worked days", r.WorkedDays, 5)
	check("average per worked day", r.AveragePerWorkedDay(), 9*h/5)
	check("best day", r.Days[r.BestDay].Date.Day(), 10)
	check("goal days", r.GoalDays, 2)
	check("longest", r.Longest, 4*h)
	check("weeks", len(r.Weeks), 6) // W44 (Sun 1 Nov) to W49 (Mon 30 Nov)
	check("first week", r.Weeks[0].Label, "2026-W44")
	check("first week clipped", r.Weeks[0].End.Sub(r.Weeks[0].Start), 24*h)
	check("best week", r.Weeks[r.BestWeek].Label, "2026-W45") // 4 h, before W46's 4 h
	check("W46", r.Weeks[2].Focus, 4*h)
	check("months", len(r.Months), 1)
	check("tags", len(r.Tags), 2)
	check("top tag", r.Tags[0], TagTotal{"q3", 7 * h})
	check("bars are days", len(r.Bars()), 30)
	check("a day bar's manual", r.Bars()[3].Manual, h)

	y := BuildRange(RangeInput{Period: YearPeriod(2026), Loc: loc, Blocks: blocks})
	check("year bars are months", len(y.Bars()), 12)
	check("year weeks", len(y.Weeks), 53)
	check("year first week", y.Weeks[0].Label, "2026-W01")
	check("year last week", y.Weeks[52].Label, "2026-W53")
	check("December", y.Months[11].Focus, h)
	q, _ := RangePeriod(Date{2026, 9, 1}, Date{2026, 11, 30})
	check("quarter bars are weeks", len(BuildRange(RangeInput{Period: q, Loc: loc}).Bars()), 14)
}

func TestPeriodParsing(t *testing.T) {
	for _, c := range []struct {
		name    string
		parse   func() (Period, error)
		first   Date
		last    Date
		wantErr bool
	}{
		{"month", func() (Period, error) { return ParseMonth("2026-11") }, Date{2026, 11, 1}, Date{2026, 11, 30}, false},
		{"December", func() (Period, error) { return ParseMonth("2026-12") }, Date{2026, 12, 1}, Date{2026, 12, 31}, false},
		{"leap February", func() (Period, error) { return ParseMonth("2028-02") }, Date{2028, 2, 1}, Date{2028, 2, 29}, false},
		{"month 13", func() (Period, error) { return ParseMonth("2026-13") }, Date{}, Date{}, true},
		{"month as a word", func() (Period, error) { return ParseMonth("november") }, Date{}, Date{}, true},
		{"year", func() (Period, error) { return ParseYear("2026") }, Date{2026, 1, 1}, Date{2026, 12, 31}, false},
		{"year short", func() (Period, error) { return ParseYear("26") }, Date{}, Date{}, true},
		{"range", func() (Period, error) { return RangePeriod(Date{2026, 11, 3}, Date{2026, 11, 30}) }, Date{2026, 11, 3}, Date{2026, 11, 30}, false},
		{"one day", func() (Period, error) { return RangePeriod(Date{2026, 11, 3}, Date{2026, 11, 3}) }, Date{2026, 11, 3}, Date{2026, 11, 3}, false},
		{"backwards", func() (Period, error) { return RangePeriod(Date{2026, 11, 3}, Date{2026, 11, 2}) }, Date{}, Date{}, true},
		{"two centuries", func() (Period, error) { return RangePeriod(Date{1990, 1, 1}, Date{2206, 1, 1}) }, Date{}, Date{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.parse()
			if (err != nil) != c.wantErr || (!c.wantErr && (p.First != c.first || p.Last != c.last)) {
				t.Errorf("got %+v, %v", p, err)
			}
		})
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("30 February accepted")
	}
	if d, err := ParseDate("2026-11-03"); err != nil || d != (Date{2026, 11, 3}) {
		t.Errorf("ParseDate: %v %v", d, err)
	}
}
