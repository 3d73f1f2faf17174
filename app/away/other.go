//go:build !linux && !windows && !darwin

package away

import "context"

// runSources: this OS has no source yet; say so and wait.
func (m *Monitor) runSources(ctx context.Context) {
	for _, s := range []Source{
		{Name: "lock", What: WhatLock, Note: "no screen-lock signal on this OS"},
		{Name: "suspend", What: WhatSuspend, Note: "no suspend signal on this OS"},
		{Name: srcNoIdle, What: WhatIdle, Note: noteNoIdle + "not supported on this OS"},
	} {
		m.setSource(s)
	}
	m.markProbed()
	<-ctx.Done()
}
