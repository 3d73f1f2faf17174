package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// ExportBlock is one block in an export. Durations are whole seconds;
// instants are RFC 3339 in UTC.
type ExportBlock struct {
	ID int64 `json:"id"` // this file's own; uid is the same on every computer
	// UID is the block's stable unique id, what an import matches on.
	UID              string      `json:"uid"`
	Manual           bool        `json:"manual"` // added or edited by hand
	Kind             string      `json:"kind"`
	Plan             string      `json:"plan"`
	Tag              string      `json:"tag"`
	Start            string      `json:"start"`
	End              string      `json:"end,omitempty"`
	Outcome          string      `json:"outcome,omitempty"`
	PlannedSeconds   int64       `json:"planned_seconds"`
	ActiveSeconds    int64       `json:"active_seconds"`
	PausedSeconds    int64       `json:"paused_seconds"` // every pause, away_seconds included
	SuspendedSeconds int64       `json:"suspended_seconds"`
	Pauses           int         `json:"pauses"`
	Segments         [][2]string `json:"segments"`
	// AwaySeconds is the part of PausedSeconds spent away (lock, sleep,
	// idle, Away); AwaySegments its stretches.
	AwaySeconds  int64       `json:"away_seconds"`
	AwaySegments [][2]string `json:"away_segments"`
}

// ExportPing is one ping's metrics: never its text. Reviewed is when the
// user marked it reviewed (only they do); Delivered when a digest or the
// breakthrough put it in front of them; ReadInSlack when Heads Down saw
// they had read it in Slack.
type ExportPing struct {
	Received    string `json:"received"`
	Bypassed    bool   `json:"broke_through"`
	Reviewed    string `json:"reviewed,omitempty"`
	Delivered   string `json:"delivered,omitempty"`
	ReadInSlack string `json:"read_in_slack,omitempty"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ExportFormats are the formats Export writes.
var ExportFormats = []string{"json", "csv"}

// CheckExportFormat refuses a format Export does not know, so a caller can
// say so before it opens or writes anything.
func CheckExportFormat(format string) error {
	if format == "" || slices.Contains(ExportFormats, format) {
		return nil
	}
	return fmt.Errorf("unknown export format %q: choose csv or json", format)
}

// CheckFormat refuses a format Render does not know ("markdown" is Render's
// alias for "md"), so a caller can say so before it opens or writes anything.
func CheckFormat(format string) error {
	if format == "" || format == "markdown" || slices.Contains(Formats, format) {
		return nil
	}
	return fmt.Errorf("unknown format %q: choose one of %s", format, strings.Join(Formats, ", "))
}

// Export writes every block and every ping metric as csv or json.
func Export(ctx context.Context, w io.Writer, st *store.Store, format string) error {
	if err := CheckExportFormat(format); err != nil {
		return err // before reading the whole history
	}
	blocks, err := st.AllBlocks(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	pings, err := st.AllPingMetrics(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	eb := make([]ExportBlock, 0, len(blocks))
	for _, b := range blocks {
		eb = append(eb, exportBlock(b))
	}
	ep := make([]ExportPing, 0, len(pings))
	for _, p := range pings {
		ep = append(ep, ExportPing{Received: stamp(p.ReceivedAt), Bypassed: p.Bypassed, Reviewed: stamp(p.ReviewedAt),
			Delivered: stamp(p.DeliveredAt), ReadInSlack: stamp(p.ReadAt)})
	}
	switch format {
	case "json", "":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"blocks": eb, "pings": ep})
	case "csv":
		// One table, a row per record; "record" says which kind it is.
		cw := csv.NewWriter(w)
		// New columns go last (away_seconds, then delivered and
		// read_in_slack), so scripts that read columns by position keep
		// working.
		cw.Write([]string{"record", "id", "kind", "plan", "tag", "start", "end", "outcome", "planned_seconds",
			"active_seconds", "paused_seconds", "suspended_seconds", "pauses", "broke_through", "reviewed", "away_seconds",
			"delivered", "read_in_slack", "uid", "manual"})
		for _, b := range eb {
			cw.Write([]string{"block", strconv.FormatInt(b.ID, 10), b.Kind, b.Plan, b.Tag, b.Start, b.End, b.Outcome,
				strconv.FormatInt(b.PlannedSeconds, 10), strconv.FormatInt(b.ActiveSeconds, 10),
				strconv.FormatInt(b.PausedSeconds, 10), strconv.FormatInt(b.SuspendedSeconds, 10), strconv.Itoa(b.Pauses), "", "",
				strconv.FormatInt(b.AwaySeconds, 10), "", "", b.UID, strconv.FormatBool(b.Manual)})
		}
		for _, p := range ep {
			cw.Write([]string{"ping", "", "", "", "", p.Received, "", "", "", "", "", "", "", strconv.FormatBool(p.Bypassed), p.Reviewed, "",
				p.Delivered, p.ReadInSlack, "", ""})
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown export format %q: choose csv or json", format)
}

func exportBlock(b focus.Block) ExportBlock {
	e := ExportBlock{ID: b.ID, UID: b.UID, Manual: b.Manual, Kind: string(b.Kind), Plan: b.Plan, Tag: b.Tag, Start: stamp(b.StartedAt), End: stamp(b.EndedAt),
		Outcome: string(b.Outcome), PlannedSeconds: secs(b.Planned), ActiveSeconds: secs(b.Active),
		PausedSeconds: secs(b.Paused), SuspendedSeconds: secs(b.Suspended), Pauses: b.Pauses, Segments: [][2]string{},
		AwaySeconds: secs(b.Away), AwaySegments: [][2]string{}}
	for _, s := range b.Segments {
		e.Segments = append(e.Segments, [2]string{stamp(s.Start), stamp(s.End)})
	}
	for _, s := range b.AwaySpans {
		e.AwaySegments = append(e.AwaySegments, [2]string{stamp(s.Start), stamp(s.End)})
	}
	return e
}
