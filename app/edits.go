package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
	"github.com/headsdown-app/headsdown/app/report"
	"github.com/headsdown-app/headsdown/focus"
	"github.com/headsdown-app/headsdown/store"
)

// editHistory runs the user's correction of their history on the loop:
// the app is the one writer of the database while it runs, so the engine's
// next block never takes the ID of one added by hand, and today's totals
// follow at once.
func (a *App) editHistory(ctx context.Context, req control.Request) (*control.Block, error) {
	now := a.clock.Now()
	b, err := EditHistory(ctx, a.store, req, now, a.engine.LastID(), a.loc)
	if err != nil {
		return nil, err
	}
	a.engine.ReserveID(b.ID)
	a.loadToday(ctx, now)
	return BlockInfo(b), nil
}

// EditHistory applies one history command (control.CmdAddBlock, ...) to
// st: what the running app does on its loop, and what the CLI does under
// the instance lock when the app is not running. lastID is the highest
// block ID the running engine issued (0 when none runs); times in messages
// are written in loc.
func EditHistory(ctx context.Context, st *store.Store, req control.Request, now time.Time, lastID int64, loc *time.Location) (focus.Block, error) {
	switch req.Cmd {
	case control.CmdAddBlock:
		if req.Start == nil || req.End == nil {
			return focus.Block{}, errors.New("add needs a start and an end")
		}
		return st.AddBlock(ctx, store.BlockTimes{Start: *req.Start, End: *req.End}, req.Tag, now, lastID, loc)
	case control.CmdEditBlock:
		return st.EditBlock(ctx, req.BlockID, store.Edit{Start: req.Start, End: req.End, Tag: req.SetTag}, now, loc)
	case control.CmdDeleteBlock:
		return st.DeleteBlock(ctx, req.BlockID, now, loc)
	case control.CmdRestoreBlock:
		return st.RestoreBlock(ctx, req.BlockID, loc)
	}
	return focus.Block{}, errors.New("unknown history command " + req.Cmd)
}

// BlockInfo is b as the control channel carries it.
func BlockInfo(b focus.Block) *control.Block {
	return &control.Block{ID: b.ID, UID: b.UID, Start: b.StartedAt, End: b.EndedAt,
		FocusSeconds: int64(b.Active.Round(time.Second) / time.Second), Tag: b.Tag, Manual: b.Manual}
}

// ImportFile merges the export at path into st (see store.ImportBlocks):
// what the running app does on its loop for `headsdown import`, and what
// the CLI does under the instance lock when the app is not running.
func ImportFile(ctx context.Context, st *store.Store, path string, lastID int64, loc *time.Location) (store.ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return store.ImportResult{}, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	blocks, err := report.ReadExport(f)
	if err != nil {
		return store.ImportResult{}, fmt.Errorf("%s is %w", path, err)
	}
	return st.ImportBlocks(ctx, blocks, lastID, loc)
}

// ImportInfo is r as the control channel carries it.
func ImportInfo(r store.ImportResult) *control.ImportResult {
	out := &control.ImportResult{Added: r.Added, Present: r.Present}
	for _, s := range r.Skipped {
		out.Skipped = append(out.Skipped, control.ImportSkip{UID: s.UID, Start: s.Start, End: s.End, Reason: s.Reason})
	}
	return out
}

// importFile is CmdImport on the loop.
func (a *App) importFile(ctx context.Context, req control.Request) (*control.ImportResult, error) {
	if !filepath.IsAbs(req.Path) {
		return nil, fmt.Errorf("import needs an absolute path (got %q)", req.Path)
	}
	now := a.clock.Now()
	r, err := ImportFile(ctx, a.store, req.Path, a.engine.LastID(), a.loc)
	if err != nil {
		return nil, err
	}
	a.engine.ReserveID(r.LastID)
	a.loadToday(ctx, now)
	return ImportInfo(r), nil
}
