package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
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

// ReadExport reads the blocks of a file Export wrote as json, for an
// import. Pings are not read: an export holds their figures only, not
// the conversation and message that tell one ping from another.
func ReadExport(r io.Reader) ([]focus.Block, error) {
	var file struct {
		Blocks *[]ExportBlock `json:"blocks"`
	}
	if err := json.NewDecoder(r).Decode(&file); err != nil {
		return nil, fmt.Errorf("not a Heads Down export (JSON from `headsdown export --format json`): %w", err)
	}
	if file.Blocks == nil {
		return nil, errors.New("not a Heads Down export: it has no \"blocks\" (make one with `headsdown export --format json`)")
	}
	out := make([]focus.Block, 0, len(*file.Blocks))
	for i, e := range *file.Blocks {
		b, err := importBlock(e)
		if err != nil {
			return nil, fmt.Errorf("block %d of the file (id %d): %w; nothing was imported", i+1, e.ID, err)
		}
		out = append(out, b)
	}
	return out, nil
}

func importBlock(e ExportBlock) (focus.Block, error) {
	kind := focus.Kind(e.Kind)
	if kind != focus.KindFocus && kind != focus.KindShortBreak && kind != focus.KindLongBreak {
		return focus.Block{}, fmt.Errorf("unknown kind %q", e.Kind)
	}
	if e.Outcome != "" && e.Outcome != string(focus.OutcomeCompleted) && e.Outcome != string(focus.OutcomeStopped) {
		return focus.Block{}, fmt.Errorf("unknown outcome %q", e.Outcome)
	}
	start, err := parseStamp(e.Start, "start")
	if err != nil {
		return focus.Block{}, err
	}
	var end time.Time
	if e.End != "" {
		if end, err = parseStamp(e.End, "end"); err != nil {
			return focus.Block{}, err
		}
	}
	b := focus.Block{UID: e.UID, Manual: e.Manual, Kind: kind, Plan: e.Plan, Tag: e.Tag, StartedAt: start, EndedAt: end,
		Outcome: focus.Outcome(e.Outcome), Planned: time.Duration(e.PlannedSeconds) * time.Second,
		Active: time.Duration(e.ActiveSeconds) * time.Second, Paused: time.Duration(e.PausedSeconds) * time.Second,
		Suspended: time.Duration(e.SuspendedSeconds) * time.Second, Pauses: e.Pauses,
		Away: time.Duration(e.AwaySeconds) * time.Second, CheckpointAt: end}
	if end.IsZero() {
		b.CheckpointAt = start
	}
	if b.Segments, err = parseSpans(e.Segments, "segment"); err != nil {
		return focus.Block{}, err
	}
	if b.AwaySpans, err = parseSpans(e.AwaySegments, "away segment"); err != nil {
		return focus.Block{}, err
	}
	return b, nil
}

func parseStamp(s, what string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("its %s %q is not an RFC 3339 time", what, s)
	}
	return t, nil
}

func parseSpans(in [][2]string, what string) ([]focus.Interval, error) {
	var out []focus.Interval
	for _, s := range in {
		a, err := parseStamp(s[0], what+" start")
		if err != nil {
			return nil, err
		}
		z, err := parseStamp(s[1], what+" end")
		if err != nil {
			return nil, err
		}
		out = append(out, focus.Interval{Start: a, End: z})
	}
	return out, nil
}
