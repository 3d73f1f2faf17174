package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// ReviewDeps are what the review window reads and changes.
type ReviewDeps struct {
	Load func() ([]pinglist.Group, error)
	// Mark marks pings reviewed (all of them with all).
	Mark func(ids []int64, all bool) error
	// Permalink asks Slack for a message's link; Open opens a link.
	Permalink func(channel, ts string) (string, error)
	Open      func(link string) error
	// Background runs the Slack call off the UI goroutine, then done on
	// it; nil runs both at once (tests).
	Background func(work func() (string, error), done func(string, error))
	// Learn adds a VIP (a sender's ID) or a keyword to the settings, as
	// the settings window saves them, and says what changed. Nil hides
	// "This should have reached me".
	Learn func(vip, keyword string) (string, error)
	// Hours is the clock the times are written on ("Mon 1:30 PM").
	Hours timefmt.Hours
	// CheckRead asks the running app to look in Slack for pings read
	// there already (they stop waiting, and the next poll drops them). It
	// must not block; it is called once, as the view opens. Nil: never.
	CheckRead func()
}

// ReviewRow is one ping's line.
type ReviewRow struct {
	Item       pinglist.Item
	Open, Done *widget.Button
	// Meta is the small line above the text: sender, time, why it broke
	// through or that it mentions you, the auto-reply (MetaText).
	Meta *widget.RichText
	// Body is the message: names for mentions, emoji, links to click.
	Body *widget.RichText
	// Reached ("This should have reached me", a link at the end of the
	// meta line) shows Choice (the sender as a VIP, or one of the
	// message's words as a keyword) and Add.
	Reached *LinkAction
	Choice  *widget.Select
	Add     *widget.Button
	Teach   *fyne.Container // Choice and Add, hidden until Reached
}

// ReviewView lists held pings by conversation. Its widgets are exported
// for tests.
type ReviewView struct {
	Header  *widget.Label
	Message *widget.Label
	MarkAll *widget.Button
	Refresh *widget.Button
	Rows    []*ReviewRow
	Content fyne.CanvasObject

	deps ReviewDeps
	list *fyne.Container
	// compact holds list in compactTheme; refreshed after the rows change,
	// so new rows take it too.
	compact *container.ThemeOverride
	shown   string // what the list shows (see listed), to redraw only on change
}

// NewReviewView builds the view and loads the pings.
func NewReviewView(deps ReviewDeps) *ReviewView {
	v := &ReviewView{deps: deps}
	v.Header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Message.Importance = widget.DangerImportance
	v.list = container.NewVBox()
	v.compact = container.NewThemeOverride(v.list, compactTheme{})
	v.MarkAll = widget.NewButton("Mark all reviewed", func() { v.mark(nil, true) })
	v.MarkAll.Importance = widget.HighImportance
	v.Refresh = widget.NewButton("Refresh", v.Reload)
	footer := container.NewBorder(nil, nil, nil, container.NewHBox(v.Refresh, v.MarkAll), v.Message)
	// The header and the list without the theme's padding around them:
	// every pixel of the default 640×560 goes to pings.
	v.Content = container.NewBorder(v.Header, container.NewPadded(footer), nil, nil, container.NewVScroll(v.compact))
	v.Reload()
	if deps.CheckRead != nil {
		deps.CheckRead()
	}
	return v
}

// Reload reads the pings again.
func (v *ReviewView) Reload() {
	v.show(v.deps.Load())
}

// Update shows pings read in the background while the window is open
// (ReviewWindow polls), redrawing only when they differ from those shown,
// so a half-made choice or the scroll position survives a poll that
// found nothing new.
func (v *ReviewView) Update(groups []pinglist.Group, err error) {
	if err != nil { // keep what is shown: the next poll may well read
		v.Message.SetText("Not updated: " + err.Error())
		return
	}
	if listed(groups) == v.shown {
		return
	}
	v.show(groups, nil)
}

// listed sums up what a list shows: each ping and its auto-reply's state.
func listed(groups []pinglist.Group) string {
	var b strings.Builder
	for _, g := range groups {
		for _, p := range g.Pings {
			fmt.Fprintf(&b, "%d/%s/%t", p.ID, p.Reason, p.Text == "")
			if p.AutoReply != nil {
				b.WriteString("/" + p.AutoReply.Status)
			}
			b.WriteString(";")
		}
	}
	return b.String()
}

func (v *ReviewView) show(groups []pinglist.Group, err error) {
	v.shown = ""
	v.list.RemoveAll()
	v.Rows = nil
	if err != nil {
		v.Header.SetText("Pings could not be read")
		v.Message.SetText(err.Error())
		v.MarkAll.Disable()
		return
	}
	v.shown = listed(groups)
	if words := pinglist.Words(groups); words != "" {
		v.Header.SetText(words) // as the tray and `status` say it
		v.MarkAll.Enable()
	} else {
		v.Header.SetText("No pings to review. Enjoy the quiet.")
		v.MarkAll.Disable()
	}
	for _, g := range groups {
		heading := widget.NewLabelWithStyle(g.Conversation, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.list.Add(heading)
		for _, p := range g.Pings {
			v.list.Add(v.row(p))
		}
		v.list.Add(widget.NewSeparator())
	}
	v.compact.Refresh()
}

// row is one ping, compact (issue 20: three pings filled a screen): a
// small meta line (who, when, why it came through or that it mentions
// you, the auto-reply, and for a held ping the "should have reached me"
// link at its end), the message beside it when short or under it when
// not (pingLines), and beside them two buttons of a button's own height.
func (v *ReviewView) row(p pinglist.Item) fyne.CanvasObject {
	r := &ReviewRow{Item: p}
	r.Open = widget.NewButton("Open in Slack", func() { v.open(p) })
	r.Done = widget.NewButton("Reviewed", func() { v.mark([]int64{p.ID}, false) })
	v.Rows = append(v.Rows, r)
	r.Body = messageText(p)
	style := widget.RichTextStyle{Inline: true, SizeName: fynetheme.SizeNameCaptionText,
		ColorName: fynetheme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}
	switch {
	case p.Reason != "":
		// It reached you at once: marked in colour, not only in words.
		style.ColorName, style.TextStyle = fynetheme.ColorNameWarning, fyne.TextStyle{Bold: true}
	case p.Kind == "mention":
		style.ColorName = fynetheme.ColorNamePrimary
	}
	r.Meta = widget.NewRichText(&widget.TextSegment{Text: rowMeta(p, v.deps.Hours), Style: style})
	actions := container.NewHBox(r.Open, r.Done)
	var teach fyne.CanvasObject
	if v.deps.Learn != nil && p.Reason == "" {
		v.teach(r)
		actions = container.NewHBox(r.Reached, r.Open, r.Done)
		teach = r.Teach
	}
	buttons := container.NewVBox(actions) // at the top, at their own height
	text := container.New(&pingLines{body: r.Body}, r.Meta, r.Body)
	return container.NewBorder(nil, teach, nil, buttons, text)
}

// MetaText is the meta line's words.
func (r *ReviewRow) MetaText() string { return r.Meta.String() }

// rowMeta is a ping's meta line: "Bo Chen · Mon 09:12 · mentioned you",
// "Ana · 09:30 · broke through: VIP @ana", "· auto-replied 09:31".
func rowMeta(p pinglist.Item, h timefmt.Hours) string {
	meta := fmt.Sprintf("%s · %s", p.From, h.DayTime(p.ReceivedAt.Local()))
	switch {
	case p.Reason != "":
		meta += " · broke through: " + p.Reason
	case p.Kind == "mention":
		meta += " · mentioned you"
	}
	if p.AutoReply != nil {
		meta += " · " + p.AutoReply.Label(time.Local, h)
	}
	return meta
}

// LinkAction is an action drawn as a link ("This should have reached
// me"): it reads as a choice offered, not as a heading or a big button.
type LinkAction struct {
	widget.Hyperlink
	disabled bool
}

// NewLinkAction is a link that runs tapped.
func NewLinkAction(text string, tapped func()) *LinkAction {
	l := &LinkAction{}
	l.Text, l.OnTapped = text, tapped
	l.SizeName = fynetheme.SizeNameCaptionText
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs the action on a tap anywhere on the link (Hyperlink takes
// only taps on its text's exact box).
func (l *LinkAction) Tapped(*fyne.PointEvent) {
	if l.OnTapped != nil {
		l.OnTapped()
	}
}

// Disable makes the link plain text that does nothing (the choice is made).
func (l *LinkAction) Disable() {
	l.disabled = true
	l.OnTapped = func() {}
	l.Refresh()
}

// Disabled reports whether the link was disabled.
func (l *LinkAction) Disabled() bool { return l.disabled }

// messageText draws a ping's text with its links as hyperlinks, which open
// in the browser.
func messageText(p pinglist.Item) *widget.RichText {
	var segs []widget.RichTextSegment
	inline := widget.RichTextStyleInline
	if p.Text == "" {
		inline.TextStyle.Italic = true
		segs = append(segs, &widget.TextSegment{Text: "(text removed after the retention period)", Style: inline})
	}
	parts := p.Parts
	if len(parts) == 0 && p.Text != "" {
		parts = []pinglist.Part{{Text: p.Text}}
	}
	for _, part := range parts {
		if part.URL != "" {
			if u, err := url.Parse(part.URL); err == nil {
				segs = append(segs, &widget.HyperlinkSegment{Text: part.Text, URL: u})
				continue
			}
		}
		segs = append(segs, &widget.TextSegment{Text: part.Text, Style: inline})
	}
	body := widget.NewRichText(segs...)
	body.Wrapping = fyne.TextWrapWord
	return body
}

// teach builds "This should have reached me" for a held ping: the rules
// learn from the user, who picks what should have let it through.
func (v *ReviewView) teach(r *ReviewRow) {
	p := r.Item
	senderOpt := "Always let " + p.From + " through (VIP)"
	opts := []string{senderOpt}
	words := map[string]string{}
	for _, w := range keywordChoices(p.Text) {
		o := fmt.Sprintf("Messages with \u201c%s\u201d (keyword)", w)
		opts = append(opts, o)
		words[o] = w
	}
	r.Choice = widget.NewSelect(opts, nil)
	r.Choice.PlaceHolder = "What should let it through?"
	r.Add = widget.NewButton("Add", func() {
		var vip, keyword string
		switch sel := r.Choice.Selected; {
		case sel == senderOpt:
			vip = p.FromID
		case words[sel] != "":
			keyword = words[sel]
		default:
			v.Message.SetText("Pick the sender or a word first.")
			return
		}
		note, err := v.deps.Learn(vip, keyword)
		if err != nil {
			v.Message.SetText("Not saved: " + err.Error())
			return
		}
		v.Message.SetText("")
		r.Teach.Hide()
		r.Reached.Disable()
		r.Reached.SetText(note)
	})
	r.Teach = container.NewBorder(nil, nil, nil, r.Add, r.Choice)
	r.Teach.Hide()
	r.Reached = NewLinkAction("This should have reached me", func() {
		r.Teach.Show()
		r.Choice.SetSelected(senderOpt) // the likeliest; one more click adds it
	})
}

// keywordChoices are the words of a message worth offering as keywords:
// in order, once each, lower case, without mentions, channels, links and
// words under three letters; at most 12.
func keywordChoices(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "@") || strings.HasPrefix(f, "#") || strings.Contains(f, "://") {
			continue
		}
		w := strings.ToLower(strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if utf8.RuneCountInString(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == 12 {
			break
		}
	}
	return out
}

func (v *ReviewView) mark(ids []int64, all bool) {
	if err := v.deps.Mark(ids, all); err != nil {
		v.Message.SetText(err.Error())
		return
	}
	v.Message.SetText("")
	v.Reload()
}

func (v *ReviewView) open(p pinglist.Item) {
	bg := v.deps.Background
	if bg == nil {
		bg = func(work func() (string, error), done func(string, error)) { done(work()) }
	}
	v.Message.SetText("")
	v.Message.Importance = widget.MediumImportance
	v.Message.SetText("Asking Slack for the message's link…")
	bg(func() (string, error) { return v.deps.Permalink(p.Channel, p.TS) }, func(link string, err error) {
		if err == nil {
			err = v.deps.Open(link)
		}
		if err != nil {
			v.Message.Importance = widget.DangerImportance
			v.Message.SetText("Not opened: " + err.Error())
			return
		}
		// The system was asked to open it; whether a browser or Slack
		// shows it cannot be known here, so the link is there to copy.
		v.Message.SetText("Opening " + link + " (if nothing opens, copy this link into Slack or a browser)")
	})
}

// ReviewWindow shows the held pings from the database; marking goes
// through the running app, the database's only writer.
func ReviewWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Heads Down — Review pings")
	cfg, _ := config.Load(opts.ConfigPath)
	v := NewReviewView(ReviewDeps{
		Hours: cfg.Hours(os.Getenv),
		Load: func() ([]pinglist.Group, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			st, err := store.OpenReadOnly(ctx, opts.DBPath)
			if err != nil {
				return nil, err
			}
			defer st.Close()
			return pinglist.Load(ctx, st)
		},
		Mark: func(ids []int64, all bool) error {
			_, err := send(opts.SocketPath, control.Request{Cmd: control.CmdReview, IDs: ids, All: all})
			if errors.Is(err, control.ErrNotRunning) {
				return errors.New("Heads Down is not running: start it to mark pings reviewed")
			}
			return err
		},
		Permalink: func(channel, ts string) (string, error) {
			token, _, err := slackapi.Vault{Dir: filepath.Dir(opts.ConfigPath)}.Load(slackapi.UserToken)
			if err != nil || token == "" {
				return "", errors.New("Slack is not connected")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			api := slack.New(token, slack.OptionAPIURL(slackapi.APIURL(cfg.Slack.APIURL)))
			link, err := api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
			if err != nil {
				return "", fmt.Errorf("Slack did not give the link: %s", slackapi.Redact(err.Error(), token))
			}
			return link, nil
		},
		Open: func(link string) error {
			u, err := url.Parse(link)
			if err != nil {
				return err
			}
			return a.OpenURL(u)
		},
		Background: func(work func() (string, error), done func(string, error)) {
			go func() {
				link, err := work()
				fyne.Do(func() { done(link, err) })
			}()
		},
		Learn: func(vip, keyword string) (string, error) { return learn(opts, vip, keyword) },
		CheckRead: func() {
			// Ends within send's timeout; nothing to say if the app is not
			// running (marking says so).
			go func() { _, _ = send(opts.SocketPath, control.Request{Cmd: control.CmdCheckRead}) }()
		},
	})
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(640, 560))
	closeOnEscape(w)
	// New pings show up while the window is open: the database is read
	// again every few seconds, only while the window is open, off the UI
	// goroutine, and the list is redrawn only when it changed.
	stop, tick := make(chan struct{}), time.NewTicker(reviewPoll)
	go pollReview(stop, tick.C, v.deps.Load, v.Update)
	w.SetOnClosed(func() { tick.Stop(); close(stop) })
	return w
}

// pollReview loads the pings on every tick, off the UI goroutine, and
// hands them to update on it, until stop closes.
func pollReview(stop <-chan struct{}, tick <-chan time.Time, load func() ([]pinglist.Group, error), update func([]pinglist.Group, error)) {
	for {
		select {
		case <-stop:
			return
		case <-tick:
			groups, err := load()
			fyne.Do(func() { update(groups, err) })
		}
	}
}

// reviewPoll is how often an open review window reads the database: new
// pings show within seconds, at the cost of one small read-only query.
const reviewPoll = 3 * time.Second

// learn adds a VIP or a keyword to the settings file and has the running
// app reload it: the same path as the settings window's Save, so the file
// is checked, written atomically and applied the same way. A file that
// does not load is not touched (the settings window offers to fix it).
func learn(opts Options, vip, keyword string) (string, error) {
	cfg, err := config.Load(opts.ConfigPath)
	if err != nil {
		return "", fmt.Errorf("the settings file does not load; fix it in Settings first: %w", err)
	}
	cfg, note := Learned(cfg, vip, keyword)
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	if err := saveAndApply(opts, cfg); err != nil {
		return "", err
	}
	return note, nil
}

// Learned is cfg with vip added to the VIPs or keyword to the keywords
// (nothing added twice, any case), and a note saying what changed.
func Learned(cfg config.Config, vip, keyword string) (config.Config, string) {
	has := func(list []string, s string) bool {
		for _, x := range list {
			if strings.EqualFold(strings.TrimSpace(x), s) {
				return true
			}
		}
		return false
	}
	p := &cfg.Pings
	switch {
	case vip != "":
		if !has(p.VIPs, vip) {
			p.VIPs = append(slices.Clone(p.VIPs), vip)
		}
		return cfg, "Added as a VIP: they reach you at once"
	case keyword != "":
		if !has(p.Keywords, keyword) {
			p.Keywords = append(slices.Clone(p.Keywords), keyword)
		}
		return cfg, fmt.Sprintf("Keyword \u201c%s\u201d added: such messages reach you at once", keyword)
	}
	return cfg, ""
}

// compactTheme is the app's theme with less padding, for the list of
// pings: sixteen one-line pings fit the window's default 640×560 (with
// the theme's own padding three to five did), and its buttons stay buttons.
type compactTheme struct{}

func (compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return fyne.CurrentApp().Settings().Theme().Color(n, v)
}
func (compactTheme) Font(s fyne.TextStyle) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Font(s)
}
func (compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Icon(n)
}
func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case fynetheme.SizeNameInnerPadding, fynetheme.SizeNamePadding:
		return 2
	}
	return fyne.CurrentApp().Settings().Theme().Size(n)
}
