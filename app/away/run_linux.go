package away

import (
	"context"
	"sync"
)

// runSources runs the Linux sources side by side: systemd-logind on the
// system bus (suspend, and the session's LockedHint), the screen savers and
// GNOME's idle monitor on the session bus, and, where there is no idle
// monitor, the X server's idle time. Each is optional.
func (m *Monitor) runSources(ctx context.Context) {
	var wg, probing sync.WaitGroup
	probing.Add(3)
	// The session bus goroutine says whether GNOME's idle monitor is in
	// use ("") or why not; only then is the X server asked.
	noMutter := make(chan string, 1)
	wg.Go(func() { m.runLogind(ctx, sync.OnceFunc(probing.Done)) })
	wg.Go(func() { m.runSessionBus(ctx, sync.OnceFunc(probing.Done), noMutter) })
	wg.Go(func() {
		probed := sync.OnceFunc(probing.Done)
		defer probed()
		select {
		case <-ctx.Done():
		case why := <-noMutter:
			if why != "" {
				m.runX11Idle(ctx, probed, why)
			}
		}
	})
	wg.Go(func() {
		probing.Wait()
		m.markProbed()
	})
	wg.Wait()
}
