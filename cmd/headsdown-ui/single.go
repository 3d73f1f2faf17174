package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/headsdown-app/headsdown/app/control"
)

// One window of each kind: the open one answers CmdShow on a channel of
// its own, beside the app's (a Unix socket, or a named pipe on Windows,
// with the control channel's peer check), and a second `headsdown window
// NAME` asks it to come to the front instead of opening another.

// windowChannel is where the open window called name answers.
func windowChannel(appSocket, name string) string { return appSocket + "-" + name }

// showOpen asks an open window on addr to come to the front (at section,
// for Settings). True: it did, and this process need not open another.
func showOpen(addr, section string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	resp, err := control.Call(ctx, addr, control.Request{Cmd: control.CmdShow, Section: section})
	return err == nil && resp.OK
}

// listenForShow takes the window's channel; nil when it cannot (the window
// still opens, only a second one would too).
func listenForShow(addr string) net.Listener {
	if !strings.HasPrefix(addr, `\\.\pipe\`) {
		if len(addr) > 100 { // a Unix socket path's limit is about 104 bytes
			return nil
		}
		// The app makes its runtime folder; without the app, make it here.
		if err := os.MkdirAll(filepath.Dir(addr), 0o700); err != nil {
			return nil
		}
	}
	ln, err := control.Listen(addr)
	if err != nil {
		return nil
	}
	return ln
}

// serveShow answers CmdShow on ln with show until ctx ends.
func serveShow(ctx context.Context, ln net.Listener, show func(section string)) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	_ = control.Serve(ctx, ln, func(_ context.Context, req control.Request) control.Response {
		if req.Cmd != control.CmdShow {
			return control.Response{Error: "a window answers only " + control.CmdShow}
		}
		show(req.Section)
		return control.Response{OK: true}
	}, quiet)
}
