package awaytest

import (
	"fmt"
	"os"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

const (
	login1        = "org.freedesktop.login1"
	login1Path    = dbus.ObjectPath("/org/freedesktop/login1")
	login1Manager = "org.freedesktop.login1.Manager"
	login1Session = "org.freedesktop.login1.Session"
)

// Logind is a fake systemd-logind: org.freedesktop.login1 with the parts of
// the Manager that away uses (Inhibit, GetSessionByPID, GetSession, the
// PrepareForSleep signal) and one Session object with a LockedHint.
type Logind struct {
	Conn *dbus.Conn
	cfg  logindConfig

	props *prop.Properties

	mu          sync.Mutex
	calls       []InhibitCall
	inhibitors  []*inhibitor
	sessionAsks []string // "GetSessionByPID", "GetSession(id)"
}

// InhibitCall is one Manager.Inhibit call as received.
type InhibitCall struct{ What, Who, Why, Mode string }

type logindConfig struct {
	sessionID     string
	sessionPath   dbus.ObjectPath
	noByPID       bool
	invalidates   bool
	noLockedHint  bool
	refuseInhibit bool
}

// LogindOption changes what the fake logind does.
type LogindOption func(*logindConfig)

// WithoutSessionByPID makes GetSessionByPID fail, as for a process that
// systemd --user started outside any session.
func WithoutSessionByPID() LogindOption { return func(c *logindConfig) { c.noByPID = true } }

// WithSession sets the session's id and object path (default "2" at
// /org/freedesktop/login1/session/fake_2, a path that away cannot derive
// from the id: it must use the one logind returns).
func WithSession(id string, path dbus.ObjectPath) LogindOption {
	return func(c *logindConfig) { c.sessionID, c.sessionPath = id, path }
}

// WithLockedHintInvalidated makes PropertiesChanged name LockedHint as
// invalidated instead of carrying its value, which logind may do.
func WithLockedHintInvalidated() LogindOption { return func(c *logindConfig) { c.invalidates = true } }

// WithoutLockedHint gives the session no LockedHint (logind before 230).
func WithoutLockedHint() LogindOption { return func(c *logindConfig) { c.noLockedHint = true } }

// WithInhibitRefused makes Inhibit fail with AccessDenied.
func WithInhibitRefused() LogindOption { return func(c *logindConfig) { c.refuseInhibit = true } }

// StartLogind claims org.freedesktop.login1 on the bus at address (the
// test's system bus).
func StartLogind(address string, opts ...LogindOption) (*Logind, error) {
	cfg := logindConfig{sessionID: "2", sessionPath: "/org/freedesktop/login1/session/fake_2"}
	for _, o := range opts {
		o(&cfg)
	}
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("connect to bus: %w", err)
	}
	l := &Logind{Conn: conn, cfg: cfg}
	if err := conn.Export(&logindManager{l}, login1Path, login1Manager); err != nil {
		conn.Close()
		return nil, err
	}
	props := prop.Map{login1Session: {
		"Id":     {Value: cfg.sessionID, Emit: prop.EmitConst},
		"Active": {Value: true, Emit: prop.EmitTrue},
		"State":  {Value: "active", Emit: prop.EmitTrue},
	}}
	if !cfg.noLockedHint {
		emit := prop.EmitTrue
		if cfg.invalidates {
			emit = prop.EmitInvalidates
		}
		props[login1Session]["LockedHint"] = &prop.Prop{Value: false, Emit: emit}
	}
	l.props, err = prop.Export(conn, cfg.sessionPath, props)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := claim(conn, login1); err != nil {
		return nil, err
	}
	return l, nil
}

// claim requests a well-known name, closing conn if that fails.
func claim(conn *dbus.Conn, name string) error {
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return fmt.Errorf("claim %s: %v (reply %v)", name, err, reply)
	}
	return nil
}

// SessionPath is the session's object path.
func (l *Logind) SessionPath() dbus.ObjectPath { return l.cfg.sessionPath }

// Lock sets the session's LockedHint, as a desktop's lock screen does, and
// emits PropertiesChanged.
func (l *Logind) Lock() error { return l.setLocked(true) }

// Unlock clears LockedHint.
func (l *Logind) Unlock() error { return l.setLocked(false) }

func (l *Logind) setLocked(b bool) (err error) {
	if l.cfg.noLockedHint {
		return fmt.Errorf("the session has no LockedHint (WithoutLockedHint)")
	}
	// SetMust sets a read-only property (as logind's own code does) but
	// panics when the signal cannot be sent, e.g. on a closed connection.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("set LockedHint: %v", p)
		}
	}()
	l.props.SetMust(login1Session, "LockedHint", b)
	return nil
}

// Sleep emits PrepareForSleep(true), as logind does before suspending.
// Real logind then waits for the delay inhibitors to be released; the test
// can watch InhibitorHeld for that.
func (l *Logind) Sleep() error {
	return l.Conn.Emit(login1Path, login1Manager+".PrepareForSleep", true)
}

// Shutdown emits PrepareForShutdown(true), as logind does before the
// machine powers off or reboots.
func (l *Logind) Shutdown() error {
	return l.Conn.Emit(login1Path, login1Manager+".PrepareForShutdown", true)
}

// CloseSession sets the session's State to "closing", as logind does when
// the user logs out while some of the session's processes live on.
func (l *Logind) CloseSession() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("set State: %v", p)
		}
	}()
	l.props.SetMust(login1Session, "State", "closing")
	return nil
}

// Wake emits PrepareForSleep(false), as logind does after resuming.
func (l *Logind) Wake() error {
	return l.Conn.Emit(login1Path, login1Manager+".PrepareForSleep", false)
}

// InhibitCalls lists the Inhibit calls so far.
func (l *Logind) InhibitCalls() []InhibitCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]InhibitCall(nil), l.calls...)
}

// SessionCalls lists how the session was asked for so far:
// "GetSessionByPID" or "GetSession(id)".
func (l *Logind) SessionCalls() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sessionAsks...)
}

// HeldInhibitors counts the inhibitor file descriptors handed out that the
// process that asked for them still holds open.
func (l *Logind) HeldInhibitors() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, inh := range l.inhibitors {
		if inh.held() {
			n++
		}
	}
	return n
}

// InhibitorHeld tells whether any inhibitor lock is held.
func (l *Logind) InhibitorHeld() bool { return l.HeldInhibitors() > 0 }

// Close releases the name and closes the fake's copies of the inhibitors.
func (l *Logind) Close() {
	l.Conn.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, inh := range l.inhibitors {
		inh.close()
	}
}

// logindManager is the exported org.freedesktop.login1.Manager: its
// exported methods are the D-Bus methods.
type logindManager struct{ l *Logind }

func (m *logindManager) Inhibit(sender dbus.Sender, what, who, why, mode string) (dbus.UnixFD, *dbus.Error) {
	l := m.l
	l.mu.Lock()
	l.calls = append(l.calls, InhibitCall{What: what, Who: who, Why: why, Mode: mode})
	l.mu.Unlock()
	if l.cfg.refuseInhibit {
		return -1, dbus.NewError("org.freedesktop.DBus.Error.AccessDenied", []any{"Permission denied"})
	}
	var pid uint32
	if err := l.Conn.BusObject().Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, string(sender)).Store(&pid); err != nil {
		return -1, dbus.MakeFailedError(err)
	}
	inh, err := newInhibitor(int(pid))
	if err != nil {
		return -1, dbus.MakeFailedError(err)
	}
	l.mu.Lock()
	l.inhibitors = append(l.inhibitors, inh)
	l.mu.Unlock()
	return dbus.UnixFD(inh.own), nil
}

func (m *logindManager) GetSessionByPID(pid uint32) (dbus.ObjectPath, *dbus.Error) {
	l := m.l
	l.mu.Lock()
	l.sessionAsks = append(l.sessionAsks, "GetSessionByPID")
	l.mu.Unlock()
	if l.cfg.noByPID {
		return "", dbus.NewError("org.freedesktop.login1.NoSessionForPID", []any{fmt.Sprintf("PID %d does not belong to any known session", pid)})
	}
	return l.cfg.sessionPath, nil
}

func (m *logindManager) GetSession(id string) (dbus.ObjectPath, *dbus.Error) {
	l := m.l
	l.mu.Lock()
	l.sessionAsks = append(l.sessionAsks, "GetSession("+id+")")
	l.mu.Unlock()
	if id == l.cfg.sessionID || id == "auto" {
		return l.cfg.sessionPath, nil
	}
	return "", dbus.NewError("org.freedesktop.login1.NoSuchSession", []any{"No session '" + id + "' known"})
}

// selfPID is this process, for telling the fake's own descriptors apart.
var selfPID = os.Getpid()
