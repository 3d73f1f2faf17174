package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// HistoryView is the report window's History tab: every focus block,
// newest first, filtered by dates and tag, and the user's corrections
// (add, edit, delete with Undo) sent to the running app, which alone
// writes the history.
type HistoryView struct {
	From, To, Tag      *widget.Entry
	Filter             *widget.Button
	List               *widget.List
	Start, End, SetTag *widget.Entry
	Add, Save, Delete  *widget.Button
	Undo               *widget.Button
	Message            *widget.Label
	Content            fyne.CanvasObject

	blocks   []focus.Block
	selected int64 // the block in the form; 0 for none
	deleted  int64 // the block Undo brings back
	list     func(store.HistoryFilter) ([]focus.Block, error)
	send     func(control.Request) (control.Response, error)
	loc      *time.Location
	hours    timefmt.Hours // how times of day are shown (12- or 24-hour)
}

const whenLayout = "2006-01-02 15:04"

// NewHistoryView lists blocks with list and sends corrections with send;
// times are shown and typed in loc.
func NewHistoryView(loc *time.Location, h timefmt.Hours, list func(store.HistoryFilter) ([]focus.Block, error), send func(control.Request) (control.Response, error)) *HistoryView {
	v := &HistoryView{loc: loc, hours: h, list: list, send: send, Message: widget.NewLabel("")}
	v.Message.Wrapping = fyne.TextWrapWord
	v.From, v.To, v.Tag = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.From.SetPlaceHolder("from 2026-11-01")
	v.To.SetPlaceHolder("to 2026-11-30")
	v.Tag.SetPlaceHolder("tag")
	v.Filter = widget.NewButton("Show", v.Reload)
	v.List = widget.NewList(func() int { return len(v.blocks) },
		func() fyne.CanvasObject {
			return widget.NewLabel("Mon 30 Nov 2026 23:30–00:15 · 10 h 45 min · a tag · manual")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.line(v.blocks[i])) })
	v.List.OnSelected = func(i widget.ListItemID) { v.pick(v.blocks[i]) }
	v.Start, v.End, v.SetTag = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	v.Start.SetPlaceHolder("start, as 2026-12-01 09:00")
	v.End.SetPlaceHolder("end, as 2026-12-01 10:30")
	v.SetTag.SetPlaceHolder("tag")
	v.Add = widget.NewButton("Add block", func() { v.apply(control.CmdAddBlock) })
	v.Save = widget.NewButton("Save changes", func() { v.apply(control.CmdEditBlock) })
	v.Delete = widget.NewButton("Delete", func() { v.apply(control.CmdDeleteBlock) })
	v.Undo = widget.NewButton("Undo", func() { v.apply(control.CmdRestoreBlock) })
	v.Save.Disable()
	v.Delete.Disable()
	v.Undo.Hide()
	filters := container.NewBorder(nil, nil, nil, v.Filter, container.NewGridWithColumns(3, v.From, v.To, v.Tag))
	form := container.NewVBox(container.NewGridWithColumns(3, v.Start, v.End, v.SetTag),
		container.NewHBox(v.Add, v.Save, v.Delete, v.Undo))
	v.Content = container.NewBorder(filters, container.NewVBox(form, v.Message), nil, nil, v.List)
	v.Reload()
	return v
}

// line is one block in the list.
func (v *HistoryView) line(b focus.Block) string {
	s := b.StartedAt.In(v.loc)
	end := "running"
	if !b.EndedAt.IsZero() {
		e := b.EndedAt.In(v.loc)
		end = v.hours.Time(e)
		if focus.DateOf(e, v.loc) != focus.DateOf(s, v.loc) {
			end = v.hours.Format(e, "Mon 2 Jan 15:04")
		}
	}
	parts := []string{fmt.Sprintf("%d  %s–%s", b.ID, v.hours.Format(s, "Mon 2 Jan 2006 15:04"), end), focus.FormatDuration(b.Active)}
	if b.Tag != "" {
		parts = append(parts, b.Tag)
	}
	if b.Manual {
		parts = append(parts, "manual")
	}
	return strings.Join(parts, " · ")
}

// Reload lists the blocks the filters pick.
func (v *HistoryView) Reload() {
	var f store.HistoryFilter
	for _, d := range []struct {
		e    *widget.Entry
		to   *time.Time
		next int
	}{{v.From, &f.From, 0}, {v.To, &f.To, 1}} {
		if t := strings.TrimSpace(d.e.Text); t != "" {
			day, err := focus.ParseDate(t)
			if err != nil {
				v.Message.SetText(err.Error())
				return
			}
			*d.to = day.AddDays(d.next).Start(v.loc)
		}
	}
	f.Tag = strings.TrimSpace(v.Tag.Text)
	blocks, err := v.list(f)
	if err != nil {
		v.Message.SetText(err.Error())
		return
	}
	v.blocks = blocks
	v.List.UnselectAll()
	v.List.Refresh()
	if len(blocks) == 0 {
		v.Message.SetText("No focus blocks there.")
	}
}

// pick puts a block in the form, to edit or delete.
func (v *HistoryView) pick(b focus.Block) {
	v.selected = b.ID
	v.Start.SetText(b.StartedAt.In(v.loc).Format(whenLayout))
	v.End.SetText("")
	if !b.EndedAt.IsZero() {
		v.End.SetText(b.EndedAt.In(v.loc).Format(whenLayout))
	}
	v.SetTag.SetText(b.Tag)
	v.Save.Enable()
	v.Delete.Enable()
}

// apply sends one correction and shows what it did, or why not.
func (v *HistoryView) apply(cmd string) {
	req := control.Request{Cmd: cmd, BlockID: v.selected}
	if cmd == control.CmdRestoreBlock {
		req.BlockID = v.deleted
	}
	if cmd == control.CmdAddBlock || cmd == control.CmdEditBlock {
		for _, f := range []struct {
			e  *widget.Entry
			to **time.Time
		}{{v.Start, &req.Start}, {v.End, &req.End}} {
			t, err := time.ParseInLocation(whenLayout, strings.TrimSpace(f.e.Text), v.loc)
			if err != nil {
				v.Message.SetText(fmt.Sprintf("%q is not a time: write it as 2026-12-01 09:00", f.e.Text))
				return
			}
			*f.to = &t
		}
		tag := strings.TrimSpace(v.SetTag.Text)
		req.Tag, req.SetTag = tag, &tag
	}
	resp, err := v.send(req)
	if err != nil {
		v.Message.SetText(err.Error())
		return
	}
	id := int64(0)
	if resp.Block != nil {
		id = resp.Block.ID
	}
	v.Undo.Hide()
	switch cmd {
	case control.CmdAddBlock:
		v.Message.SetText(fmt.Sprintf("Added block %d, marked manual.", id))
	case control.CmdEditBlock:
		v.Message.SetText(fmt.Sprintf("Saved block %d.", id))
	case control.CmdDeleteBlock:
		v.deleted = id
		v.Message.SetText(fmt.Sprintf("Deleted block %d.", id))
		v.Undo.Show()
	case control.CmdRestoreBlock:
		v.Message.SetText(fmt.Sprintf("Block %d is back.", id))
	}
	v.selected = 0
	v.Save.Disable()
	v.Delete.Disable()
	v.Reload()
}
