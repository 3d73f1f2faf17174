// The calendar section: the calendars Heads Down reads (added and removed
// here as with `headsdown calendar add|remove`, through app/calendars) and
// the [calendar] options, saved with the rest of the form. A calendar's
// link is a password: it is typed into a hidden entry, shown only elided
// and never logged.

package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/calendars"
	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/calendar"
)

// addTimeout bounds one add: a fetch has its own timeout; this also bounds the keyring.
const addTimeout = 2 * time.Minute

// CalendarBook is where the calendars are kept and read: the same list and
// saved copies as the CLI's.
type CalendarBook struct {
	List    calendars.List
	Fetcher *calendar.Fetcher
	// Feeds asks the running app how each calendar is doing
	// (control.ErrNotRunning when none runs); nil: not asked.
	Feeds func() ([]control.CalendarFeed, error)
	// Reload asks the running app to read the calendars again; nil: none.
	Reload func()
}

func (v *SettingsView) calendarTab(cfg config.Config) fyne.CanvasObject {
	c := cfg.Calendar
	v.CalendarStatus = check("Set my Slack status while a meeting runs", c.Status)
	v.CalendarStatus.OnChanged = func(bool) { v.refresh() }
	v.CalendarReview = check("Add a review window when a meeting ends in working hours", c.ReviewAfterMeetings)
	v.CalendarReview.OnChanged = func(bool) { v.refresh() }
	v.CalendarHold = check("Hold pings during meetings, as during focus", c.HoldPings)
	v.CalendarHold.OnChanged = func(bool) { v.refresh() }
	v.CalendarTentative = check("Tentative meetings count as free time", c.TentativeIsFree())
	v.CalendarTentative.OnChanged = func(bool) { v.refresh() }
	v.CalendarText = entry(c.StatusText, config.DefaultCalendarStatusText)
	v.CalendarEmoji = entry(c.StatusEmoji, ":spiral_calendar_pad:")
	v.CalendarEndBefore = entry(durationText(time.Duration(c.EndBefore)), "5m or 5")
	text := v.add("calendar.status_text", "Meeting status", "{until}: the meeting's end; {title} sends its title to Slack",
		v.CalendarText, func(text string, c *config.Config) error {
			c.Calendar.StatusText = text
			return nil
		})
	emoji := v.add("calendar.status_emoji", "Emoji", "", v.CalendarEmoji, func(text string, c *config.Config) error {
		c.Calendar.StatusEmoji = text
		return nil
	})
	text.Widget = container.NewBorder(nil, nil, nil, container.New(fixedWidth(emojiWidth), emoji.Widget), text.Widget)
	form := widget.NewForm(text,
		v.add("calendar.end_before", "End blocks", "this long before a meeting (0 = at its start)",
			v.CalendarEndBefore, func(text string, c *config.Config) error {
				d, err := config.ParseDuration(text)
				c.Calendar.EndBefore = config.Duration(d)
				return err
			}))

	// Adding: the link hidden as a password, a name, and the refusal in words under them.
	v.CalendarLink = NewEntry()
	v.CalendarLink.Password = true
	v.CalendarLink.SetPlaceHolder("https://…/basic.ics or /path/to/file.ics")
	v.CalendarName = entry("", "optional: work, home…")
	v.CalendarAdd = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), v.addCalendar)
	v.CalendarProblem = widget.NewLabel("")
	v.CalendarProblem.Wrapping = fyne.TextWrapWord
	v.CalendarProblem.Hide() // no blank line until there is something to say
	v.CalendarRows = container.NewVBox()
	if v.deps.Calendars == nil {
		v.CalendarAdd.Disable()
	}
	adding := widget.NewForm(
		widget.NewFormItem("ICS link or file", v.CalendarLink),
		widget.NewFormItem("Name", container.NewBorder(nil, nil, nil, v.CalendarAdd, v.CalendarName)),
	)
	help := widget.NewLabel("Use the calendar's secret ICS address (Google: \"Secret address in iCal format\"; " +
		"Outlook: Publish calendar, \"Can view when I'm busy\"). It is a password: kept like the Slack tokens (the keyring), shown shortened.")
	help.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("Calendars", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(title, v.CalendarRows, adding, v.CalendarProblem, help, widget.NewSeparator(),
		v.CalendarStatus, form, v.CalendarReview, v.CalendarHold, v.CalendarTentative)
}

// readCalendarChecks puts the section's switches into cfg.
func (v *SettingsView) readCalendarChecks(cfg *config.Config) {
	cfg.Calendar.Status = v.CalendarStatus.Checked
	cfg.Calendar.ReviewAfterMeetings = v.CalendarReview.Checked
	cfg.Calendar.HoldPings = v.CalendarHold.Checked
	if v.CalendarTentative.Checked {
		cfg.Calendar.Tentative = config.TentativeFree
	} else if cfg.Calendar.TentativeIsFree() {
		cfg.Calendar.Tentative = config.TentativeBusy
	}
}

// calendarRow is one line of the list, for tests and for the list itself.
type calendarRow struct {
	Name, Link, State string
}

// refreshCalendars reads the list (the keyring: off the UI goroutine) and
// the running app's word on each calendar, and shows them.
func (v *SettingsView) refreshCalendars() {
	b := v.deps.Calendars
	if b == nil {
		v.showCalendars(nil, nil)
		return
	}
	var rows []calendarRow
	v.deps.Background(func() (string, error) {
		srcs, _, err := b.List.Load()
		if err != nil {
			return "", err
		}
		var feeds []control.CalendarFeed
		if b.Feeds != nil {
			feeds, _ = b.Feeds() // no app running: no state, the list still shows
		}
		for _, s := range srcs {
			rows = append(rows, calendarRow{Name: s.Name, Link: s.Elided(), State: feedState(s, feeds, b.Fetcher)})
		}
		return "", nil
	}, func(_ string, err error) { v.showCalendars(rows, err) })
}

// feedState is what the running app says of a calendar, or when its saved copy was read.
func feedState(s calendar.Source, feeds []control.CalendarFeed, f *calendar.Fetcher) string {
	for _, fd := range feeds {
		if fd.Name != s.Name {
			continue
		}
		if !fd.OK && fd.Problem != "" {
			return fd.Problem
		}
		return fmt.Sprintf("%d events", fd.Events)
	}
	if f != nil {
		if _, at, ok := f.Cached(s); ok && !at.IsZero() {
			return "read " + at.Local().Format("2006-01-02 15:04")
		}
	}
	return "not read yet"
}

func (v *SettingsView) showCalendars(rows []calendarRow, err error) {
	v.CalendarList = rows
	v.CalendarRows.RemoveAll()
	if err != nil {
		v.CalendarRows.Add(widget.NewLabel("The calendars could not be read: " + err.Error()))
		return
	}
	if len(rows) == 0 {
		v.CalendarRows.Add(widget.NewLabel("No calendars yet: add one below."))
		return
	}
	v.CalendarRemove = map[string]*widget.Button{}
	for _, r := range rows {
		name := r.Name
		remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { v.removeCalendar(name) })
		v.CalendarRemove[name] = remove
		label := widget.NewLabel(fmt.Sprintf("%s — %s — %s", r.Name, r.Link, r.State))
		label.Truncation = fyne.TextTruncateEllipsis
		v.CalendarRows.Add(container.NewBorder(nil, nil, nil, remove, label))
	}
}

// addCalendar runs the shared add off the UI goroutine; a refusal shows in
// words under the fields, and the link stays for correcting.
func (v *SettingsView) addCalendar() {
	b := v.deps.Calendars
	if b == nil || v.CalendarLink.Text == "" {
		v.calendarProblem("Paste the calendar's ICS link or the path of a .ics file first.", true)
		return
	}
	where, name := v.CalendarLink.Text, v.CalendarName.Text
	opts := calendars.CountOptions(v.base.Calendar, time.Now())
	v.CalendarAdd.Disable()
	v.calendarProblem("Reading the calendar…", false)
	var added calendars.Added
	v.deps.Background(func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), addTimeout)
		defer cancel()
		var err error
		added, err = calendars.Add(ctx, b.List, b.Fetcher, where, name, opts)
		if err == nil && b.Reload != nil {
			b.Reload()
		}
		return "", err
	}, func(_ string, err error) {
		v.CalendarAdd.Enable()
		if err != nil {
			v.calendarProblem(err.Error(), true)
			return
		}
		v.CalendarLink.SetText("")
		v.CalendarName.SetText("")
		v.calendarProblem(fmt.Sprintf("Added %q: %d events, %d meetings in the next 14 days.",
			added.Source.Name, added.Events, added.Meetings), false)
		v.refreshCalendars()
	})
}

func (v *SettingsView) removeCalendar(name string) {
	b := v.deps.Calendars
	v.deps.Background(func() (string, error) {
		_, err := calendars.Remove(b.List, b.Fetcher, name)
		if err == nil && b.Reload != nil {
			b.Reload()
		}
		return "", err
	}, func(_ string, err error) {
		if err != nil {
			v.calendarProblem(err.Error(), true)
			return
		}
		v.calendarProblem(fmt.Sprintf("Removed %q and its saved copy.", name), false)
		v.refreshCalendars()
	})
}

func (v *SettingsView) calendarProblem(text string, isErr bool) {
	v.CalendarProblem.Importance = widget.SuccessImportance
	if isErr {
		v.CalendarProblem.Importance = widget.DangerImportance
	}
	v.CalendarProblem.SetText(text)
	v.CalendarProblem.Show()
}

// appCalendarFeeds reads how each calendar is doing from the app running on socket.
func appCalendarFeeds(socket string) ([]control.CalendarFeed, error) {
	resp, err := send(socket, control.Request{Cmd: control.CmdStatus})
	if err != nil || resp.Status == nil {
		return nil, err
	}
	return resp.Status.Calendar.Feeds, nil
}
