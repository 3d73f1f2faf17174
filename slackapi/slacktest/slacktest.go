// Package slacktest is an in-process fake of the Slack Web API methods Heads
// Down uses, speaking Slack's wire format: form-encoded POSTs with the token
// in the "token" field (or a Bearer header), JSON answers with "ok", Slack's
// error strings, HTTP 429 with Retry-After, and 5xx. It records every call
// (without the token) so tests can assert the exact conversation.
package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Call is one request the server received.
type Call struct {
	Method string
	Params url.Values // the token is removed
	// At is when the request arrived, by the real clock (not SetNow's):
	// tests measure waits between calls with it.
	At time.Time
	// Clock is when it arrived by the server's clock (SetNow): tests on a
	// fake clock count calls per minute with it.
	Clock time.Time
	// Lost: the call took effect but its answer was never sent (LoseAnswer).
	Lost bool
}

// String renders a call compactly, e.g. `users.profile.set status_text="x"`.
func (c Call) String() string {
	var keys []string
	for k := range c.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(c.Method)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, c.Params.Get(k))
	}
	return b.String()
}

// Fault is a canned failure for the next call of a method.
type Fault struct {
	HTTPStatus int    // e.g. 429 or 503; 0 means 200 with ok:false
	RetryAfter int    // seconds, with 429
	Err        string // Slack error string for ok:false
	Needed     string // for missing_scope
	// Reason replaces the HTTP reason phrase of a 5xx ("502 Bad Gateway"),
	// as some proxies do with text of their own (even the request's token):
	// slack-go puts it into StatusCodeError's message.
	Reason string
}

// Status is a custom status as Slack holds it.
type Status struct {
	Text       string
	Emoji      string
	Expiration int64
}

// Server is the fake Slack.
type Server struct {
	*httptest.Server
	// APIURL is the base URL to hand to slack.OptionAPIURL.
	APIURL string

	mu        sync.Mutex
	token     string
	revoked   bool
	down      bool
	scopes    []string
	calls     []Call
	faults    map[string][]Fault
	lose      map[string][]*lostAnswer // answers still to lose, by method
	held      []*lostAnswer            // every HoldAnswer, released on Close
	status    Status
	snoozeEnd int64
	presence  string
	email     string // the profile's email; "" leaves it out, as some workspaces do
	now       func() time.Time
	sock      socketState
}

// New starts a fake Slack that accepts token.
func New(token string) *Server {
	s := &Server{token: token, faults: map[string][]Fault{}, lose: map[string][]*lostAnswer{}, presence: "auto", now: time.Now,
		sock: socketState{convs: map[string]*conversation{}, users: map[string][2]string{}, unacked: map[string]*envelope{},
			conns: map[*wsConn]bool{}, pingEvery: DefaultPingInterval},
		scopes: []string{"users.profile:read", "users.profile:write", "dnd:read", "dnd:write", "users:write", "users:read",
			"im:history", "im:read", "mpim:history", "mpim:read", "channels:history", "groups:history",
			"channels:read", "groups:read", "chat:write"}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	s.APIURL = s.Server.URL + "/api/"
	return s
}

// SetNow sets the server's clock (for status expiry and snoozes).
func (s *Server) SetNow(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// SetScopes sets the scopes the token reports (X-OAuth-Scopes).
func (s *Server) SetScopes(scopes ...string) { s.mu.Lock(); s.scopes = scopes; s.mu.Unlock() }

// SetDown makes the server drop every connection without an answer, as an
// unreachable Slack (or a dead network) does, until SetDown(false).
func (s *Server) SetDown(down bool) { s.mu.Lock(); s.down = down; s.mu.Unlock() }

// SetToken changes the token the server accepts, as a new sign-in (or a
// rotated token) does; the old one is then refused with invalid_auth.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	s.token = token
	s.revoked = false
	s.mu.Unlock()
}

// LoseAnswer makes the next n calls of method take effect (the status is
// set, the snooze starts) while their answer never arrives: the server
// closes the connection without responding, as a crash, a suspend or a
// client timeout after Slack applied the call looks to the caller. The
// call is recorded with Lost set.
func (s *Server) LoseAnswer(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		l := &lostAnswer{arrived: make(chan struct{}), release: make(chan struct{})}
		close(l.release)
		s.lose[method] = append(s.lose[method], l)
	}
}

// HoldAnswer is LoseAnswer for the next call of method, with the caller's
// wait under the test's control: arrived is closed once the call has taken
// effect, and the connection is closed without an answer when release is
// called (or the client gives up, or the server closes). What a test does
// in between (the user stops the block, the app quits) happens while the
// caller cannot know whether its call took effect: a call hanging until
// the client's 20 s timeout.
func (s *Server) HoldAnswer(method string) (arrived <-chan struct{}, release func()) {
	l := &lostAnswer{arrived: make(chan struct{}), release: make(chan struct{})}
	s.mu.Lock()
	s.lose[method] = append(s.lose[method], l)
	s.held = append(s.held, l)
	s.mu.Unlock()
	return l.arrived, l.free
}

// lostAnswer is one call whose answer will not be sent.
type lostAnswer struct {
	arrived chan struct{} // closed when the call has been applied
	release chan struct{} // closed when the connection may be dropped
	once    sync.Once
}

func (l *lostAnswer) free() { l.once.Do(func() { close(l.release) }) }

// Close releases any held answer, then shuts the server down (which waits
// for every handler).
func (s *Server) Close() {
	s.mu.Lock()
	held := s.held
	s.mu.Unlock()
	for _, l := range held {
		l.free()
	}
	s.Server.Close()
}

// Revoke makes every later call fail with token_revoked.
func (s *Server) Revoke() { s.mu.Lock(); s.revoked = true; s.mu.Unlock() }

// Fail queues a fault for the next call of method.
func (s *Server) Fail(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f)
}

// SetStatus changes the status as if the user did it in Slack.
func (s *Server) SetStatus(st Status) { s.mu.Lock(); s.status = st; s.mu.Unlock() }

// SetProfileEmail puts email in users.profile.get's profile, as Slack does for a
// user token with users.profile:read (the email is part of one's own profile).
func (s *Server) SetProfileEmail(email string) { s.mu.Lock(); s.email = email; s.mu.Unlock() }

// Status is the custom status now, after Slack's own expiry.
func (s *Server) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.currentStatus()
}

// Snoozed reports whether DND is snoozed now and until when.
func (s *Server) Snoozed() (bool, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snoozeEnd > s.now().Unix() {
		return true, time.Unix(s.snoozeEnd, 0)
	}
	return false, time.Time{}
}

// Presence is "auto" or "away".
func (s *Server) Presence() string { s.mu.Lock(); defer s.mu.Unlock(); return s.presence }

// Calls returns the calls so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Methods lists the method names called so far, in order.
func (s *Server) Methods() []string {
	var out []string
	for _, c := range s.Calls() {
		out = append(out, c.Method)
	}
	return out
}

// Reset forgets the recorded calls.
func (s *Server) Reset() { s.mu.Lock(); s.calls = nil; s.mu.Unlock() }

func (s *Server) currentStatus() Status {
	if s.status.Expiration != 0 && s.status.Expiration <= s.now().Unix() {
		s.status = Status{} // Slack clears an expired status itself
	}
	return s.status
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		hangUp(w, "")
		return
	}
	if r.URL.Path == "/socket" {
		s.serveSocket(w, r)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	token := r.Form.Get("token")
	if token == "" {
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	params := url.Values{}
	for k, v := range r.Form {
		if k != "token" {
			params[k] = v
		}
	}
	if l := s.answer(w, r, method, token, params); l != nil {
		// The call took effect; its answer is lost once released.
		close(l.arrived)
		select {
		case <-l.release:
		case <-r.Context().Done():
		}
		hangUp(w, "")
	}
}

// answer records and answers one Web API call, unless its answer is to be
// lost: then it applies the call and returns the lost answer to wait for.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, method, token string, params url.Values) *lostAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Method: method, Params: params, At: time.Now(), Clock: s.now()})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-OAuth-Scopes", strings.Join(s.scopes, ","))

	if q := s.faults[method]; len(q) > 0 {
		f := q[0]
		s.faults[method] = q[1:]
		switch {
		case f.HTTPStatus == http.StatusTooManyRequests:
			w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
		case f.HTTPStatus >= 500 && f.Reason != "":
			body := "<html><body>Slack is having trouble</body></html>"
			hangUp(w, fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
				f.HTTPStatus, f.Reason, len(body), body))
		case f.HTTPStatus >= 500:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(f.HTTPStatus)
			fmt.Fprint(w, "<html><body>Slack is having trouble</body></html>")
		default:
			out := map[string]any{"ok": false, "error": f.Err}
			if f.Needed != "" {
				out["needed"], out["provided"] = f.Needed, strings.Join(s.scopes, ",")
			}
			writeJSON(w, out)
		}
		return nil
	}
	if q := s.lose[method]; len(q) > 0 {
		// Apply the call as usual, then throw the answer away.
		s.lose[method] = q[1:]
		s.calls[len(s.calls)-1].Lost = true
		s.serve(httptest.NewRecorder(), r, method, token)
		return q[0]
	}
	s.serve(w, r, method, token)
	return nil
}

// serve answers one Web API call; s.mu is held.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, method, token string) {
	want, revoked := s.token, s.revoked
	if method == "apps.connections.open" {
		want, revoked = s.sock.appToken, s.sock.appRevoked
	}
	switch {
	case revoked:
		writeJSON(w, map[string]any{"ok": false, "error": "token_revoked"})
		return
	case token != want || (method != "apps.connections.open" && strings.HasPrefix(token, "xapp-")):
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	now := s.now().Unix()
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "url": "https://acme.slack.com/", "team": "Acme", "user": "ana",
			"team_id": "T0001", "user_id": "U0001"})
	case "users.profile.get":
		st := s.currentStatus()
		profile := map[string]any{"real_name": "Ana", "display_name": "ana",
			"status_text": st.Text, "status_emoji": st.Emoji, "status_expiration": st.Expiration}
		if s.email != "" { // serve runs under s.mu
			profile["email"] = s.email
		}
		writeJSON(w, map[string]any{"ok": true, "profile": profile})
	case "users.profile.set":
		var p struct {
			Text       string `json:"status_text"`
			Emoji      string `json:"status_emoji"`
			Expiration int64  `json:"status_expiration"`
		}
		if err := json.Unmarshal([]byte(r.Form.Get("profile")), &p); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_profile"})
			return
		}
		if len([]rune(p.Text)) > 100 {
			writeJSON(w, map[string]any{"ok": false, "error": "too_long"})
			return
		}
		s.status = Status{Text: p.Text, Emoji: p.Emoji, Expiration: p.Expiration}
		writeJSON(w, map[string]any{"ok": true, "profile": map[string]any{"status_text": p.Text, "status_emoji": p.Emoji, "status_expiration": p.Expiration}})
	case "dnd.setSnooze":
		n, err := strconv.Atoi(r.Form.Get("num_minutes"))
		if err != nil || n <= 0 {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		s.snoozeEnd = now + int64(n)*60
		writeJSON(w, map[string]any{"ok": true, "snooze_enabled": true, "snooze_endtime": s.snoozeEnd, "snooze_remaining": int64(n) * 60})
	case "dnd.endSnooze":
		if s.snoozeEnd <= now {
			writeJSON(w, map[string]any{"ok": false, "error": "snooze_not_active"})
			return
		}
		s.snoozeEnd = 0
		writeJSON(w, map[string]any{"ok": true, "dnd_enabled": false, "snooze_enabled": false})
	case "dnd.info":
		writeJSON(w, map[string]any{"ok": true, "dnd_enabled": false, "snooze_enabled": s.snoozeEnd > now, "snooze_endtime": s.snoozeEnd})
	case "users.setPresence":
		p := r.Form.Get("presence")
		if p != "away" && p != "auto" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_presence"})
			return
		}
		s.presence = p
		writeJSON(w, map[string]any{"ok": true})
	default:
		if !s.handleInbox(w, r, method) {
			writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
		}
	}
}

// hangUp takes the connection from the HTTP server, writes raw (which may
// be empty: no answer at all) and closes it.
func hangUp(w http.ResponseWriter, raw string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // the server drops the connection without an answer
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if raw != "" {
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	_, _ = w.Write(b)
}
