// Package control is the local channel between the running Heads Down and
// everything else: the CLI (`headsdown start`, `status`, ...) and the window
// processes. The app serves it; Call is the client side.
//
// One request per connection, one JSON object each way. The transport is the
// OS's own, behind one address string from SocketPath:
//
//   - Linux, macOS and other Unixes: a Unix socket in the owner-only data
//     directory, itself mode 0600 (socket_unix.go). On Linux and macOS the
//     server also checks every peer's uid (peer_uid.go).
//   - Windows: a named pipe per user and data directory whose security
//     descriptor admits only the user and SYSTEM; the server checks that
//     every client process runs as the same user, and the client that the
//     server does (pipe_windows.go, peer_windows.go).
//
// So only the user who runs the app can steer it.
package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/headsdown-app/headsdown/timefmt"
)

// Commands the server understands.
const (
	CmdStatus = "status"
	CmdStart  = "start"
	CmdStop   = "stop"
	CmdPause  = "pause"
	CmdResume = "resume"
	CmdBreak  = "break"
	CmdReload = "reload"
	CmdAFK    = "afk"
	CmdBack   = "back"
	CmdQuit   = "quit"
	// CmdReview marks pings reviewed: IDs, or all of them with All.
	CmdReview = "review"
	// CmdCheckRead asks Slack which waiting pings the user has read there
	// already (they stop waiting); the review window sends it as it
	// opens. It answers at once: the check runs in the background.
	CmdCheckRead = "check_read"
	// CmdWatch is held by each window process while it is open. The app
	// answers it with Close when it is quitting, so that the window closes
	// as its title bar's close would (Settings asks about unsaved edits):
	// on every OS, also where no signal can ask a process to close
	// (Windows). Otherwise it answers within WatchRenew with nothing to
	// do, and the window asks again.
	CmdWatch = "watch"
	// CmdAddBlock, CmdEditBlock, CmdDeleteBlock and CmdRestoreBlock are
	// the user's corrections to their history (`headsdown add`, `edit`,
	// `delete`, `restore`): while the app runs it alone writes the
	// database, so the CLI asks it. Response.Block is the block after.
	CmdAddBlock     = "add_block"
	CmdEditBlock    = "edit_block"
	CmdDeleteBlock  = "delete_block"
	CmdRestoreBlock = "restore_block"
	// CmdImport merges the export file at Path (`headsdown import FILE`)
	// into the history; Response.Import says what it did.
	CmdImport = "import"
	// CmdShow is asked of an open window, on its own channel (a window
	// program's, not the app's): come to the front, and for Settings open
	// Section. A second `headsdown window NAME` asks it instead of opening
	// another window.
	CmdShow = "show"
)

// WatchRenew is how long the app holds a CmdWatch before answering it
// with nothing to do. It stays well under the time a connection may last
// (requestTimeout), so an idle watch is answered, not cut off.
const WatchRenew = 20 * time.Second

// ShuttingDown is the Error of a request that came while the app stops:
// nothing was done, as if the app were not running.
const ShuttingDown = "Heads Down is shutting down"

// Request is one command.
type Request struct {
	Cmd string `json:"cmd"`
	// Duration is as the user typed it ("25m", "50"); empty for the plan's.
	Duration string `json:"duration,omitempty"`
	Tag      string `json:"tag,omitempty"`
	// Plan is "pomodoro" or "deep-work"; empty keeps the current one.
	Plan string `json:"plan,omitempty"`
	// IDs and All are CmdReview's pings.
	IDs []int64 `json:"ids,omitempty"`
	All bool    `json:"all,omitempty"`
	// BlockID, Start, End and SetTag are the history commands': the block,
	// its new times, and its new tag (nil: unchanged; CmdAddBlock uses Tag).
	BlockID int64      `json:"block_id,omitempty"`
	Start   *time.Time `json:"start,omitempty"`
	End     *time.Time `json:"end,omitempty"`
	SetTag  *string    `json:"set_tag,omitempty"`
	// Path is CmdImport's file, absolute: the file is read by the app,
	// as a whole history does not fit in a request.
	Path string `json:"path,omitempty"`
	// Section is CmdShow's settings section ("slack"); empty: as it is.
	Section string `json:"section,omitempty"`
}

// ImportResult is what an import did: blocks added, blocks already in the
// history, and those skipped with the reason.
type ImportResult struct {
	Added   int          `json:"added"`
	Present int          `json:"already_here"`
	Skipped []ImportSkip `json:"skipped,omitempty"`
}

// ImportSkip is one block an import skipped, and why.
type ImportSkip struct {
	UID    string    `json:"uid"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end,omitempty"`
	Reason string    `json:"reason"`
}

// Block is a block of the history, as the history commands answer.
type Block struct {
	ID           int64     `json:"id"`
	UID          string    `json:"uid"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	FocusSeconds int64     `json:"focus_seconds"`
	Tag          string    `json:"tag"`
	Manual       bool      `json:"manual"`
}

// Response answers a Request. Status is the state after the command, also
// when the command failed.
type Response struct {
	OK     bool    `json:"ok"`
	Error  string  `json:"error,omitempty"`
	Status *Status `json:"status,omitempty"`
	// Close answers CmdWatch: the app is quitting; close the window.
	Close bool `json:"close,omitempty"`
	// Notes say what the app did beyond the command ("50 min → 35 min: meeting at
	// 11:00"), for the CLI to print.
	Notes []string `json:"notes,omitempty"`
	// Block is the block a history command added or changed.
	Block *Block `json:"block,omitempty"`
	// Import answers CmdImport.
	Import *ImportResult `json:"import,omitempty"`
}

// Status is the app's state as the CLI, the tray and windows see it. Its
// JSON form is what `headsdown status --json` prints: keep it stable.
type Status struct {
	// Running is true in every answer from the app: `headsdown status
	// --json` prints {"running": false} alone when no app answers, so a
	// script reads one field either way.
	Running          bool       `json:"running"`
	State            string     `json:"state"` // idle, focus, short_break, long_break, paused
	Kind             string     `json:"kind,omitempty"`
	Plan             string     `json:"plan,omitempty"`
	Tag              string     `json:"tag,omitempty"`
	StartedAt        *time.Time `json:"started_at,omitempty"`
	Deadline         *time.Time `json:"deadline,omitempty"`
	RemainingSeconds int64      `json:"remaining_seconds"`
	MinutesLeft      int        `json:"minutes_left"`
	// Cycle counts focus blocks completed since the last long break.
	Cycle             int   `json:"cycle"`
	TodayFocusSeconds int64 `json:"today_focus_seconds"`
	TodayBlocks       int   `json:"today_blocks"`
	// DailyGoalSeconds is the daily focus goal from the settings; 0: none.
	DailyGoalSeconds int64 `json:"daily_goal_seconds,omitempty"`
	PomodoroMinutes  int   `json:"pomodoro_minutes"`
	DeepWorkMinutes  int   `json:"deep_work_minutes"`
	// Clock is how the app writes times, "12h" or "24h" (the setting, or
	// the locale for "auto"), so the tray and `status` write them as the
	// Slack status does. Read it with Hours.
	Clock string `json:"clock,omitempty"`
	// Warnings are problems the user should know of (settings not loaded,
	// history not saved); empty when all is well.
	Warnings []string `json:"warnings,omitempty"`
	// ConfigProblem is why config.toml is not in use (the running settings
	// are the last good ones), for the tray's "Settings have problems" line.
	ConfigProblem string `json:"config_problem,omitempty"`
	PID           int    `json:"pid"`
	// AFK: you said you are away (`headsdown afk`), until AFKUntil if set.
	AFK      bool       `json:"afk"`
	AFKUntil *time.Time `json:"afk_until,omitempty"`
	// AwayReason is why you are away while AFK: lock (a screen saver
	// counts), suspend, idle or manual; AwaySince is since when.
	AwayReason string     `json:"away_reason,omitempty"`
	AwaySince  *time.Time `json:"away_since,omitempty"`
	// AwaySources are the desktop signals Heads Down listens to, live or
	// not (and why not), for `status`, `doctor` and Settings.
	AwaySources []AwaySource `json:"away_sources,omitempty"`
	// Waiting is the automatic start held back because nobody was there
	// ("focus" or a break kind): the tray says "waiting for you".
	Waiting string      `json:"waiting,omitempty"`
	Slack   SlackStatus `json:"slack"`
	Pings   PingStatus  `json:"pings"`
	// Calendar is the meetings Heads Down sees (no titles).
	Calendar CalendarStatus `json:"calendar"`
}

// CalendarStatus is the calendars as `status --json` shows them.
type CalendarStatus struct {
	Feeds        []CalendarFeed `json:"feeds"`
	InMeeting    bool           `json:"in_meeting"`
	MeetingUntil *time.Time     `json:"meeting_until"` // null when not in a meeting
	NextMeeting  *Meeting       `json:"next_meeting"`  // null when none in the next 14 days
}

// CalendarFeed is one calendar: whether its last fetch went well, how many events its
// copy holds, when it was last read good, and its problem in plain words.
type CalendarFeed struct {
	Name      string     `json:"name"`
	OK        bool       `json:"ok"`
	Events    int        `json:"events"`
	FetchedAt *time.Time `json:"fetched_at"`
	Problem   string     `json:"problem,omitempty"`
}

// Meeting is a busy stretch: times only.
type Meeting struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// AwaySource is one desktop signal of being away.
type AwaySource struct {
	Name string `json:"name"` // "logind", "org.gnome.ScreenSaver", "mutter-idle", "x11-idle", …
	What string `json:"what"` // what it tells: lock, suspend or idle
	Live bool   `json:"live"`
	Note string `json:"note,omitempty"` // why it is not live, or which session
}

// Hours is the clock the app writes times on (24-hour when Clock is empty,
// as from an older app).
func (s Status) Hours() timefmt.Hours {
	if s.Clock == timefmt.Set12 {
		return timefmt.H12
	}
	return timefmt.H24
}

// PingStatus is the inbox as the tray shows it.
type PingStatus struct {
	// Intake: off, socket (Socket Mode), polling; Connected when it is
	// reading; Problem when it is not.
	Intake    string `json:"intake"`
	Connected bool   `json:"connected"`
	Problem   string `json:"problem,omitempty"`
	// The pings still waiting for review, in the words of every surface:
	// Held wait for the next review window; Delivered were put in front
	// of you (a digest, a breakthrough) and not yet marked reviewed;
	// Unreviewed is the two together, always Held + Delivered. A ping you
	// read in Slack, or one that waited a week, no longer waits.
	Held       int        `json:"held"`
	Delivered  int        `json:"delivered"`
	Unreviewed int        `json:"unreviewed"`
	NextReview *time.Time `json:"next_review,omitempty"`
	// AutoReplyProblem is why auto-replies are not sent (a missing
	// chat:write scope), when they are on.
	AutoReplyProblem string `json:"auto_reply_problem,omitempty"`
}

// SlackStatus is the Slack link as the app sees it.
type SlackStatus struct {
	// Connection: off (no token), connecting, connected, disconnected
	// (token refused: sign in again), problem (see Problem).
	Connection string `json:"connection"`
	User       string `json:"user,omitempty"`
	Team       string `json:"team,omitempty"`
	Problem    string `json:"problem,omitempty"`
	// Mode is what Heads Down has applied on Slack: normal, focus, afk, off_hours.
	Mode string `json:"mode"`
	// Line is the one-line summary the tray shows.
	Line string `json:"line"`
}

// ErrNotRunning means no Heads Down instance answers on the socket.
var ErrNotRunning = errors.New("Heads Down is not running (start it with `headsdown` or `headsdown --headless`)")

// Handler answers one request.
type Handler func(ctx context.Context, req Request) Response

// Serve answers connections on ln until ctx is done.
func Serve(ctx context.Context, ln net.Listener, h Handler, log *slog.Logger) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	// Connections are served on their own goroutines; Serve returns only
	// after every one has ended, so none outlives its owner.
	var conns sync.WaitGroup
	defer conns.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("accept on control socket: %w", err)
		}
		conns.Add(1)
		go func() {
			defer conns.Done()
			serveConn(ctx, conn, h, log)
		}()
	}
}

// maxRequest bounds what a client may send; real requests are tiny.
const maxRequest = 64 << 10

// requestTimeout bounds one connection: a client that stalls mid-request
// is cut off. A variable so tests can shorten it.
var requestTimeout = 30 * time.Second

func serveConn(ctx context.Context, conn net.Conn, h Handler, log *slog.Logger) {
	defer conn.Close()
	// A client that connects and says nothing must not hold up shutdown.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := checkPeer(conn); err != nil {
		log.Warn("control: refused connection", "err", err)
		return
	}
	_ = conn.SetDeadline(time.Now().Add(requestTimeout))
	var req Request
	if err := json.NewDecoder(io.LimitReader(conn, maxRequest)).Decode(&req); err != nil {
		writeJSON(conn, Response{Error: fmt.Sprintf("bad request: %v", err)})
		return
	}
	// The request is in: from here the deadline bounds the answer, and
	// the end of ctx no longer cuts the connection, so a request that ends
	// the server (quit) still gets its answer, and so do the windows'
	// watches, answered as the app stops.
	if !stop() {
		return // closed by the shutdown while the request was read
	}
	writeJSON(conn, h(ctx, req))
}

func writeJSON(w io.Writer, v any) {
	b, _ := json.Marshal(v)
	_, _ = w.Write(append(b, '\n'))
}

// Call sends req to the app listening at addr (from SocketPath) and returns
// its response. When no app answers it returns ErrNotRunning.
func Call(ctx context.Context, addr string, req Request) (Response, error) {
	conn, err := dial(ctx, addr)
	if err != nil {
		return Response{}, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// A cancel (Ctrl-C, a window closing) ends a call that waits on an app
	// that does not answer, as a deadline does.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	b, _ := json.Marshal(req)
	if _, err := conn.Write(append(b, '\n')); err != nil {
		return Response{}, fmt.Errorf("send %s to Heads Down: %w", req.Cmd, err)
	}
	var resp Response
	line, err := bufio.NewReader(conn).ReadBytes('\n')
	if err != nil && len(line) == 0 {
		if cerr := context.Cause(ctx); errors.Is(cerr, context.Canceled) {
			err = cerr
		}
		return Response{}, fmt.Errorf("read answer to %s from Heads Down: %w", req.Cmd, err)
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		return Response{}, fmt.Errorf("read answer to %s from Heads Down: %w", req.Cmd, err)
	}
	return resp, nil
}
