package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/config"
	ctl "github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/files"
	"github.com/headsdown-app/headsdown/store"
	"github.com/headsdown-app/headsdown/timefmt"
)

// pingsCommand is `headsdown pings [--json]`: the held pings, grouped by
// conversation, read from the database (the app need not run).
func pingsCommand(args []string, stdout io.Writer) error {
	p, err := parseFor("pings", args)
	if err != nil {
		return err
	}
	if len(p.pos) > 0 {
		return fmt.Errorf("%w: pings takes no arguments", errUsage)
	}
	paths, err := files.ForReaders()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.OpenReadOnly(ctx, paths.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	groups, err := pinglist.Load(ctx, st)
	if err != nil {
		return err
	}
	if p.flags["json"] == "true" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if groups == nil {
			groups = []pinglist.Group{}
		}
		return enc.Encode(groups)
	}
	cfg, _ := config.Load(paths.Config) // a broken file: the defaults, "auto"
	fmt.Fprint(stdout, describePings(groups, time.Local, cfg.Hours(os.Getenv)))
	return nil
}

// describePings is `headsdown pings` for people, times on the clock h.
func describePings(groups []pinglist.Group, loc *time.Location, h timefmt.Hours) string {
	words := pinglist.Words(groups)
	if words == "" {
		return "No pings to review.\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:\n", words)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s\n", g.Conversation)
		for _, p := range g.Pings {
			text := p.Text
			if text == "" {
				text = "(text removed after the retention period)"
			}
			if r := []rune(text); len(r) > 100 {
				text = string(r[:99]) + "…"
			}
			mark := ""
			if p.Reason != "" {
				mark = "  [" + p.Reason + "]"
			}
			if p.AutoReply != nil {
				mark += "  [" + p.AutoReply.Label(loc, h) + "]"
			}
			fmt.Fprintf(&b, "  %5d  %s  %-16s %s%s\n", p.ID, h.DayTime(p.ReceivedAt.In(loc)), p.From, text, mark)
		}
	}
	b.WriteString("\nMark them reviewed with `headsdown review ID…` or `headsdown review --all`.\n")
	return b.String()
}

// reviewCommand is `headsdown review ID…|--all`, done by the running app
// (the database's only writer).
func reviewCommand(args []string, stdout io.Writer) error {
	p, err := parseFor("review", args)
	if err != nil {
		return err
	}
	req := ctl.Request{Cmd: ctl.CmdReview, All: p.flags["all"] == "true"}
	for _, s := range p.pos {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("%w: %q is not a ping ID (see `headsdown pings`)", errUsage, s)
		}
		req.IDs = append(req.IDs, id)
	}
	if !req.All && len(req.IDs) == 0 {
		return fmt.Errorf("%w: review needs ping IDs or --all", errUsage)
	}
	st, err := callApp(context.Background(), req)
	if err != nil {
		return err
	}
	if words := st.Pings.Words(); words != "" {
		fmt.Fprintf(stdout, "Done. Still waiting: %s.\n", words)
	} else {
		fmt.Fprintln(stdout, "Done. Nothing left to review.")
	}
	return nil
}
