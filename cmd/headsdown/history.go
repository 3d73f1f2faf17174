package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// historyCommand is `headsdown history [--from DATE] [--to DATE] [--tag
// TAG] [--json]`: every focus block, newest first. It reads the database
// directly, read-only, as report does, so it works whether or not the app
// runs.
func historyCommand(args []string, stdout io.Writer) error {
	p, err := parseFor("history", args)
	if err != nil {
		return err
	}
	if len(p.pos) > 0 {
		return fmt.Errorf("%w: history takes no positional arguments", errUsage)
	}
	loc := time.Local
	var f store.HistoryFilter
	var from, to focus.Date
	if v, ok := p.flags["from"]; ok {
		if from, err = focus.ParseDate(v); err != nil {
			return err
		}
		f.From = from.Start(loc)
	}
	if v, ok := p.flags["to"]; ok {
		if to, err = focus.ParseDate(v); err != nil {
			return err
		}
		f.To = to.AddDays(1).Start(loc) // the day is included
	}
	if !f.From.IsZero() && !f.To.IsZero() && to.Before(from) {
		return fmt.Errorf("the list ends (%s) before it starts (%s): give --from the earlier date", to, from)
	}
	f.Tag = p.flags["tag"]

	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, paths.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	blocks, err := st.History(ctx, f)
	if err != nil {
		return err
	}
	if p.flags["json"] != "" {
		return writeHistoryJSON(stdout, blocks)
	}
	return writeHistoryText(stdout, blocks, loc)
}

// HistoryEntry is one block of `history --json`. Instants are RFC 3339 in
// UTC; end is absent and outcome "running" for the block in flight.
type HistoryEntry struct {
	ID           int64  `json:"id"`
	UID          string `json:"uid"`
	Start        string `json:"start"`
	End          string `json:"end,omitempty"`
	FocusSeconds int64  `json:"focus_seconds"`
	Tag          string `json:"tag"`
	Outcome      string `json:"outcome"`
	Manual       bool   `json:"manual"`
}

func outcome(b focus.Block) string {
	if b.EndedAt.IsZero() {
		return "running"
	}
	return string(b.Outcome)
}

func writeHistoryJSON(w io.Writer, blocks []focus.Block) error {
	out := make([]HistoryEntry, 0, len(blocks))
	for _, b := range blocks {
		e := HistoryEntry{ID: b.ID, UID: b.UID, Start: b.StartedAt.UTC().Format(time.RFC3339),
			FocusSeconds: int64(b.Active.Round(time.Second) / time.Second), Tag: b.Tag, Outcome: outcome(b), Manual: b.Manual}
		if !b.EndedAt.IsZero() {
			e.End = b.EndedAt.UTC().Format(time.RFC3339)
		}
		out = append(out, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeHistoryText(w io.Writer, blocks []focus.Block, loc *time.Location) error {
	if len(blocks) == 0 {
		_, err := fmt.Fprintln(w, "No focus blocks in that range.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTART\tEND\tFOCUS\tTAG\tOUTCOME\t")
	for _, b := range blocks {
		start := b.StartedAt.In(loc)
		end := "…"
		if !b.EndedAt.IsZero() {
			e := b.EndedAt.In(loc)
			end = e.Format("15:04")
			if focus.DateOf(e, loc) != focus.DateOf(start, loc) {
				end = e.Format("Mon 2 Jan 15:04")
			}
		}
		var marks []string
		if b.Manual {
			marks = append(marks, "manual")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", b.ID, start.Format("Mon 2 Jan 2006 15:04"), end,
			focus.FormatDuration(b.Active), orDefault(b.Tag, "–"), outcome(b), strings.Join(marks, " "))
	}
	return tw.Flush()
}
