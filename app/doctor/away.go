package doctor

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/headsdown-app/headsdown/app/away"
	"github.com/headsdown-app/headsdown/app/control"
)

// ProbeAway finds which lock, suspend and idle signals this desktop
// offers, as the app does at its start, when the app is not running to
// ask. It listens only until every source has been probed.
func ProbeAway(ctx context.Context, idleAfter time.Duration) ([]control.AwaySource, error) {
	m := away.New(away.Options{IdleAfter: idleAfter, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(runCtx, func(context.Context, away.Event) {})
	}()
	select {
	case <-m.Probed():
	case <-ctx.Done():
	}
	stop()
	<-done // the monitor's goroutines end before the sources are read
	if err := ctx.Err(); err != nil && len(m.Sources()) == 0 {
		return nil, err
	}
	var out []control.AwaySource
	for _, s := range m.Sources() {
		out = append(out, control.AwaySource{Name: s.Name, What: s.What, Live: s.Live, Note: s.Note})
	}
	return out, nil
}
