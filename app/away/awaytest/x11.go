package awaytest

import (
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// X11Input makes synthetic input on an X server, as a user moving the
// mouse would: the XTEST extension's FakeInput (what xdotool uses), so the
// server's idle time (MIT-SCREEN-SAVER) starts again from zero.
func X11Input(display string) error {
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return fmt.Errorf("connect to X server %s: %w", display, err)
	}
	defer conn.Close()
	if err := xtest.Init(conn); err != nil {
		return fmt.Errorf("X server %s has no XTEST: %w", display, err)
	}
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	// A relative motion of one pixel, back and forth.
	for _, dx := range []int16{1, -1} {
		if err := xtest.FakeInputChecked(conn, xproto.MotionNotify, 1, 0, root, dx, 0, 0).Check(); err != nil {
			return fmt.Errorf("XTEST FakeInput: %w", err)
		}
	}
	return nil
}
