package presence

import (
	"testing"
	"time"
)

// Quitting cannot wait out the debounce: Flush applies the latest state at
// once, so the user's own status is back before the app exits.
func TestFlushSkipsTheDebounce(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Debounce, o.MaxDelay = time.Hour, time.Hour })
	h.eventually("connected", func() bool { return h.w.State().Conn == ConnConnected })
	h.want(Inputs{FocusUntil: h.at(25 * time.Minute)})
	h.w.Flush()
	h.eventually("the focus status on Slack", func() bool { return h.srv.Status().Text != original.Text })
	h.want(Inputs{})
	h.w.Flush()
	h.eventually("the user's status back", func() bool { return h.srv.Status() == original })
}
