//go:build darwin && !cgo

package away

import "context"

// runSources: macOS's signals need cgo (CoreFoundation, IOKit); a build
// without it says so for every source.
func (m *Monitor) runSources(ctx context.Context) {
	const why = "built without cgo"
	for _, s := range []Source{
		{Name: "com.apple.screenIsLocked", What: WhatLock, Note: why},
		{Name: "IORegisterForSystemPower", What: WhatSuspend, Note: why},
		{Name: srcNoIdle, What: WhatIdle, Note: noteNoIdle + why},
	} {
		m.setSource(s)
	}
	m.markProbed()
	<-ctx.Done()
}
