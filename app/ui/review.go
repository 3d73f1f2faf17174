package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/app/config"
	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/slackapi"
	"github.com/headsdown-app/headsdown/store"
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
}

// ReviewRow is one ping's line.
type ReviewRow struct {
	Item       pinglist.Item
	Open, Done *widget.Button
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
}

// NewReviewView builds the view and loads the pings.
func NewReviewView(deps ReviewDeps) *ReviewView {
	v := &ReviewView{deps: deps}
	v.Header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Message = widget.NewLabel("")
	v.Message.Wrapping = fyne.TextWrapWord
	v.Message.Importance = widget.DangerImportance
	v.list = container.NewVBox()
	v.MarkAll = widget.NewButton("Mark all reviewed", func() { v.mark(nil, true) })
	v.MarkAll.Importance = widget.HighImportance
	v.Refresh = widget.NewButton("Refresh", v.Reload)
	footer := container.NewBorder(nil, nil, nil, container.NewHBox(v.Refresh, v.MarkAll), v.Message)
	v.Content = container.NewBorder(container.NewPadded(v.Header), container.NewPadded(footer), nil, nil,
		container.NewVScroll(container.NewPadded(v.list)))
	v.Reload()
	return v
}

// Reload reads the pings again.
func (v *ReviewView) Reload() {
	groups, err := v.deps.Load()
	v.list.RemoveAll()
	v.Rows = nil
	if err != nil {
		v.Header.SetText("Pings could not be read")
		v.Message.SetText(err.Error())
		v.MarkAll.Disable()
		return
	}
	n := pinglist.Count(groups)
	switch n {
	case 0:
		v.Header.SetText("No pings to review. Enjoy the quiet.")
		v.MarkAll.Disable()
	case 1:
		v.Header.SetText("1 ping to review")
		v.MarkAll.Enable()
	default:
		v.Header.SetText(fmt.Sprintf("%d pings to review", n))
		v.MarkAll.Enable()
	}
	for _, g := range groups {
		v.list.Add(widget.NewLabelWithStyle(g.Conversation, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, p := range g.Pings {
			v.list.Add(v.row(p))
		}
		v.list.Add(widget.NewSeparator())
	}
}

func (v *ReviewView) row(p pinglist.Item) fyne.CanvasObject {
	r := &ReviewRow{Item: p}
	r.Open = widget.NewButton("Open in Slack", func() { v.open(p) })
	r.Done = widget.NewButton("Reviewed", func() { v.mark([]int64{p.ID}, false) })
	v.Rows = append(v.Rows, r)
	text := p.Text
	if text == "" {
		text = "(text removed after the retention period)"
	}
	meta := fmt.Sprintf("%s · %s", p.From, p.ReceivedAt.Local().Format("Mon 15:04"))
	if p.Reason != "" {
		meta += " · broke through: " + p.Reason
	}
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, nil, container.NewHBox(r.Open, r.Done),
		container.NewVBox(widget.NewLabelWithStyle(meta, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), body))
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
	bg(func() (string, error) { return v.deps.Permalink(p.Channel, p.TS) }, func(link string, err error) {
		if err == nil {
			err = v.deps.Open(link)
		}
		if err != nil {
			v.Message.SetText("Not opened: " + err.Error())
		}
	})
}

// ReviewWindow shows the held pings from the database; marking goes
// through the running app, the database's only writer.
func ReviewWindow(a fyne.App, opts Options) fyne.Window {
	w := a.NewWindow("Heads Down — Review pings")
	cfg, _ := config.Load(opts.ConfigPath)
	v := NewReviewView(ReviewDeps{
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
	})
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(640, 560))
	closeOnEscape(w)
	return w
}
