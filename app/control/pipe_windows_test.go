package control

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

func rawDial(t *testing.T, addr string) net.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := openPipe(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// acceptWaiting is closed once the listener's Accept waits for a client.
func acceptWaiting(ln net.Listener) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	ln.(*pipeListener).waiting = func() { once.Do(func() { close(ch) }) }
	return ch
}

// aStranger is a user SID that is not ours (nor SYSTEM).
func aStranger(t *testing.T) *windows.SID {
	t.Helper()
	sid, err := windows.StringToSid("S-1-5-21-1111111111-2222222222-3333333333-1001")
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

// playOtherUser makes this process take itself for another user: the
// server refuses its clients, and its clients refuse its servers.
func playOtherUser(t *testing.T) {
	real := ownSID
	stranger := aStranger(t)
	ownSID = func() (*windows.SID, error) { return stranger, nil }
	t.Cleanup(func() { ownSID = real })
}

func TestCheckSID(t *testing.T) {
	me, err := ownSID()
	if err != nil {
		t.Fatal(err)
	}
	meAgain, _ := windows.StringToSid(me.String()) // equal, not the same pointer
	system, _ := windows.CreateWellKnownSid(windows.WinLocalSystemSid)
	admins, _ := windows.CreateWellKnownSid(windows.WinBuiltinAdministratorsSid)
	for _, tc := range []struct {
		name        string
		peer, ours  *windows.SID
		wantRefused bool
	}{
		{"our own SID", meAgain, me, false},
		{"another user", aStranger(t), me, true},
		{"SYSTEM", system, me, true},
		{"Administrators", admins, me, true},
		{"no SID", nil, me, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkSID(tc.peer, tc.ours); (err != nil) != tc.wantRefused {
				t.Errorf("checkSID(%v, %v) = %v, want refused: %v", tc.peer, tc.ours, err, tc.wantRefused)
			}
		})
	}
}

func TestClientRefusesServerOfAnotherUser(t *testing.T) {
	var called bool
	addr, ln := listen(t)
	playOtherUser(t) // the server is now, to our client, someone else's
	stop := serveOn(t, ln, func(ctx context.Context, req Request) Response {
		called = true
		return echo(ctx, req)
	}, quiet())
	_, err := Call(context.Background(), addr, Request{Cmd: CmdStatus})
	if err == nil || !strings.Contains(err.Error(), "refusing the control pipe") {
		t.Errorf("Call to a server of another user: %v", err)
	}
	stop()
	if called {
		t.Error("the request reached the server")
	}
}

func TestPipeName(t *testing.T) {
	me, err := ownSID()
	if err != nil {
		t.Fatal(err)
	}
	a := SocketPath(`C:\Users\ann\AppData\Local\Heads Down`)
	if !strings.HasPrefix(a, `\\.\pipe\headsdown-`+me.String()+"-") {
		t.Errorf("pipe %q does not carry our SID %s", a, me)
	}
	if len(a) > 256 {
		t.Errorf("pipe name %q is longer than Windows allows", a)
	}
	if b := SocketPath(`c:\users\ANN\AppData\Local\Heads Down\`); b != a {
		t.Errorf("two spellings of one directory: %q and %q", a, b)
	}
	if c := SocketPath(`C:\Users\ann\HeadsDownTest`); c == a {
		t.Errorf("two data directories share the pipe %q", a)
	}
}

// TestPipeSecurityDescriptor reads back what the pipe was created with:
// a protected DACL that allows this user and SYSTEM, and nobody else.
func TestPipeSecurityDescriptor(t *testing.T) {
	ln, err := Listen(SocketPath(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pl := ln.(*pipeListener)
	pl.mu.Lock()
	h := pl.next
	pl.mu.Unlock()
	sd, err := windows.GetSecurityInfo(h, windows.SE_KERNEL_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	me, _ := ownSID()
	// Windows maps generic-all (GA) to the file rights (FA) when it makes
	// the pipe; Wine 8 keeps GA as given. Either grants the same.
	got := sd.String()
	want := []string{"D:P(A;;FA;;;SY)(A;;FA;;;" + me.String() + ")", "D:P(A;;GA;;;SY)(A;;GA;;;" + me.String() + ")"}
	if got != want[0] && got != want[1] {
		t.Errorf("pipe's DACL %s, want %s", got, want[0])
	}
}
