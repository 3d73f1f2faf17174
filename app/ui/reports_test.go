package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/focus/focustest"
	"github.com/headsdown-app/headsdown/store"
)

// reportsOver opens the report window's tabs over the scripted DST week
// and a five-minute Tuesday in the week after, as of Wednesday 1 April
// 2026, 14:05 in Berlin, at the window's default size.
func reportsOver(t *testing.T) (*Reports, fyne.Window) { return reportsWith(t, nil) }

// reportsWith is reportsOver with h answering on the control socket as
// the running app would (nil: no app running); h gets the database path.
func reportsWith(t *testing.T, h func(db string) control.Handler) (*Reports, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	blocks, _, berlin := focustest.ScriptedWeek(t)
	dir := t.TempDir()
	db := filepath.Join(dir, store.FileName)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tue := time.Date(2026, 3, 31, 10, 0, 0, 0, berlin)
	blocks = append(blocks, focus.Block{ID: 900, Kind: focus.KindFocus, StartedAt: tue, EndedAt: tue.Add(5 * time.Minute),
		CheckpointAt: tue.Add(5 * time.Minute), Active: 5 * time.Minute, Outcome: focus.OutcomeStopped,
		Segments: []focus.Interval{{Start: tue, End: tue.Add(5 * time.Minute)}}})
	if err := st.SaveBlocks(context.Background(), blocks); err != nil {
		t.Fatal(err)
	}
	st.Close()
	socket := filepath.Join(dir, "no.sock")
	if h != nil {
		socket = serveControl(t, h(db))
	}
	w := test.NewTempWindow(t, nil)
	rs := NewReports(w, Options{ConfigPath: filepath.Join(dir, "none.toml"), DBPath: db, SocketPath: socket},
		time.Date(2026, 4, 1, 14, 5, 0, 0, berlin), berlin)
	t.Cleanup(rs.Close)
	w.SetContent(rs.Content)
	w.Resize(ReportSize)
	return rs, w
}

// capture saves what the window shows, for the eye and for docs/.
func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("HEADSDOWN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// fits fails unless s's content shows whole, without scrolling.
func fits(t *testing.T, what string, s interface {
	MinSize() fyne.Size
	Size() fyne.Size
}, content fyne.CanvasObject) {
	t.Helper()
	if need, have := content.MinSize().Height, s.Size().Height; need > have {
		t.Errorf("%s needs %.0f px but has %.0f: it scrolls at the default size", what, need, have)
	}
}

func TestReportWindowWeekFitsAndReads(t *testing.T) {
	rs, w := reportsOver(t)
	v := rs.Week
	if !strings.HasPrefix(v.Title.Text, "Week 2026-W14") {
		t.Fatalf("title %q", v.Title.Text)
	}
	capture(t, w, "report-window-week.png")
	// Figures and the line to share show without scrolling (issue 20).
	fits(t, "the week", v.Scroll, v.Scroll.Content)
	// Five minutes against the 4 h goal still draws a bar; a day with
	// nothing draws none, and the colours are explained.
	if h := v.Chart.BarHeight(1, 120); h < MinBar {
		t.Errorf("Tuesday's 5 min bar is %v px", h)
	}
	if !v.Chart.bars[2].Hidden || v.Chart.bars[1].Hidden {
		t.Errorf("bars hidden: Tue %v, Wed %v", v.Chart.bars[1].Hidden, v.Chart.bars[2].Hidden)
	}
	if legend := allText(v.Chart.Legend()); !strings.Contains(legend, "daily goal met") || !strings.Contains(legend, "below the goal") {
		t.Errorf("legend %q", legend)
	}
	if ticks := v.Chart.ticks[0].Text; ticks != "1 h" || v.Chart.ticks[3].Text != "4 h" || v.Chart.ticks[3].Hidden {
		t.Errorf("scale %q … %q", ticks, v.Chart.ticks[3].Text)
	}
	// "vs", not a bare "+": a change never reads like a sum.
	for _, it := range v.Summary.Items {
		if val := it.Widget.(*widget.Label).Text; strings.Contains(val, "(+") && !strings.Contains(val, " vs last week to Wed 14:05") {
			t.Errorf("%s: %q", it.Text, val)
		}
	}
	// The week before has every line (tags, pings delivered, read and
	// reviewed): it fits too.
	test.Tap(v.Prev)
	if len(v.Summary.Items) < 9 {
		t.Fatalf("week 13 has %d lines", len(v.Summary.Items))
	}
	fits(t, "the full week", v.Scroll, v.Scroll.Content)
	capture(t, w, "report-window-week13.png")
	test.Tap(v.Next)
	// The disabled Next is an icon button, which Fyne dims.
	if !v.Next.Disabled() || v.Next.Icon == nil || strings.ContainsAny(v.Next.Text+v.Prev.Text, "▶◀") {
		t.Errorf("Next %q icon %v disabled %v", v.Next.Text, v.Next.Icon, v.Next.Disabled())
	}
}

// allText is every text under o, joined.
func allText(o fyne.CanvasObject) string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case interface{ Objects() []fyne.CanvasObject }:
		default:
			if t, ok := o.(interface{ MinSize() fyne.Size }); ok {
				_ = t
			}
		}
		if ct, ok := o.(*canvas.Text); ok {
			out = append(out, ct.Text)
		}
	}
	walk(o)
	return strings.Join(out, " ")
}

func TestReportWindowMonthYearHistory(t *testing.T) {
	rs, w := reportsOver(t)
	rs.Tabs.SelectIndex(1)
	if rs.Month == nil || !strings.HasPrefix(rs.Month.Title.Text, "April 2026") || !rs.Month.Next.Disabled() {
		t.Fatalf("month tab: %+v", rs.Month)
	}
	test.Tap(rs.Month.Prev)
	m := rs.Month.Report()
	if !strings.HasPrefix(rs.Month.Title.Text, "March 2026") || m.Focus != (25+635+30+5)*time.Minute || len(rs.Month.Days.cells) != 31 {
		t.Fatalf("March: %q %v, %d cells", rs.Month.Title.Text, m.Focus, len(rs.Month.Days.cells))
	}
	capture(t, w, "report-window-month.png")
	rs.Tabs.SelectIndex(2)
	y := rs.Year.Report()
	if rs.Year == nil || y.Focus != (25+635+30+5)*time.Minute || len(rs.Year.Days.cells) != 365 {
		t.Fatalf("year: %v", y.Focus)
	}
	capture(t, w, "report-window-year.png")
	if got := formValue(rs.Year.Summary, "By month"); got != "Mar 11 h 35 min" {
		t.Errorf("by month: %q", got)
	}
	rs.Tabs.SelectIndex(3)
	h := rs.History
	if h == nil || len(h.blocks) != 13 || h.blocks[0].ID != 900 {
		t.Fatalf("history: %d blocks", len(h.blocks))
	}
	h.Tag.SetText("essay")
	test.Tap(h.Filter)
	for _, b := range h.blocks {
		if b.Tag != "essay" {
			t.Fatalf("filtered by tag: %+v", b)
		}
	}
	// With no app running, a correction says so and changes nothing.
	h.List.Select(0)
	test.Tap(h.Delete)
	if !strings.Contains(h.Message.Text, "Heads Down is not running") {
		t.Fatalf("delete with no app: %q", h.Message.Text)
	}
	capture(t, w, "report-window-history.png")
}

// The History tab's corrections go to the running app (here a stand-in
// that writes the store as the app does), and Undo brings a deleted block
// back.
func TestReportWindowHistoryCorrections(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 4, 1, 14, 5, 0, 0, berlin)
	rs, _ := reportsWith(t, func(db string) control.Handler {
		return func(ctx context.Context, req control.Request) control.Response {
			st, err := store.Open(ctx, db)
			if err != nil {
				return control.Response{Error: err.Error()}
			}
			defer st.Close()
			var b focus.Block
			switch req.Cmd {
			case control.CmdAddBlock:
				b, err = st.AddBlock(ctx, store.BlockTimes{Start: *req.Start, End: *req.End}, req.Tag, now, 0, berlin)
			case control.CmdDeleteBlock:
				b, err = st.DeleteBlock(ctx, req.BlockID, now, berlin)
			case control.CmdRestoreBlock:
				b, err = st.RestoreBlock(ctx, req.BlockID, berlin)
			case control.CmdEditBlock:
				b, err = st.EditBlock(ctx, req.BlockID, store.Edit{Start: req.Start, End: req.End, Tag: req.SetTag}, now, berlin)
			}
			if err != nil {
				return control.Response{Error: err.Error()}
			}
			return control.Response{OK: true, Block: &control.Block{ID: b.ID, Tag: b.Tag, Manual: b.Manual}}
		}
	})
	rs.Tabs.SelectIndex(3)
	h := rs.History
	h.Start.SetText("2026-04-01 08:00")
	h.End.SetText("2026-04-01 09:30")
	h.SetTag.SetText("train")
	test.Tap(h.Add)
	if h.Message.Text != "Added block 901, marked manual." || h.blocks[0].ID != 901 || !h.blocks[0].Manual {
		t.Fatalf("add: %q, first %+v", h.Message.Text, h.blocks[0])
	}
	// The same again overlaps it, and says so.
	test.Tap(h.Add)
	if !strings.Contains(h.Message.Text, "it overlaps block 901") {
		t.Fatalf("overlap: %q", h.Message.Text)
	}
	h.List.Select(0)
	test.Tap(h.Delete)
	if h.Message.Text != "Deleted block 901." || h.Undo.Hidden || h.blocks[0].ID == 901 {
		t.Fatalf("delete: %q, undo hidden %v", h.Message.Text, h.Undo.Hidden)
	}
	test.Tap(h.Undo)
	if h.Message.Text != "Block 901 is back." || h.blocks[0].ID != 901 || !h.Undo.Hidden {
		t.Fatalf("undo: %q", h.Message.Text)
	}
	h.List.Select(0)
	h.End.SetText("2026-04-01 09:00")
	test.Tap(h.Save)
	if h.Message.Text != "Saved block 901." || h.blocks[0].Active != time.Hour {
		t.Fatalf("edit: %q %v", h.Message.Text, h.blocks[0].Active)
	}
}

func formValue(f *widget.Form, label string) string {
	for _, it := range f.Items {
		if it.Text == label {
			return it.Widget.(*widget.Label).Text
		}
	}
	return ""
}
