package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// This file fakes what ping intake uses: Socket Mode (apps.connections.open
// with an app-level token, then a websocket that says hello, sends
// events_api envelopes, takes acks, pings, and can be told to disconnect),
// and the Web API methods for backfill and the review window:
// conversations.history, users.conversations, users.info,
// conversations.info (with last_read, see ReadUpTo) and chat.getPermalink,
// and chat.postMessage (see chat.go). Like Slack, it redelivers every envelope that was not
// acknowledged when a client connects again.

// Message is one message in a fake conversation.
type Message struct {
	TS      string `json:"ts"`
	User    string `json:"user,omitempty"`
	Text    string `json:"text"`
	SubType string `json:"subtype,omitempty"`
	BotID   string `json:"bot_id,omitempty"`
	// ThreadTS is the thread a reply belongs to.
	ThreadTS string `json:"thread_ts,omitempty"`
	Type     string `json:"type"`
	// Metadata is what chat.postMessage was given as metadata; like Slack,
	// history and replies return it only with include_all_metadata.
	Metadata *Metadata `json:"metadata,omitempty"`
}

// Metadata is Slack message metadata: an app's own event type and payload.
type Metadata struct {
	EventType    string         `json:"event_type"`
	EventPayload map[string]any `json:"event_payload"`
}

// listed is m as conversations.history and conversations.replies list it:
// metadata only when asked for; a thread's parent with its reply_count,
// reply_users and latest_reply, as Slack adds them.
func (c *conversation) listed(m Message, withMeta bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
	for k, v := range map[string]string{"user": m.User, "subtype": m.SubType, "bot_id": m.BotID, "thread_ts": m.ThreadTS} {
		if v != "" {
			out[k] = v
		}
	}
	if withMeta && m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	if m.ThreadTS == "" || m.ThreadTS == m.TS {
		var users []string
		n, latest := 0, ""
		for _, r := range c.messages {
			if r.ThreadTS == m.TS && r.TS != m.TS {
				n, latest = n+1, r.TS
				if !slices.Contains(users, r.User) {
					users = append(users, r.User)
				}
			}
		}
		if n > 0 {
			out["thread_ts"], out["reply_count"], out["reply_users"], out["latest_reply"] = m.TS, n, users, latest
		}
	}
	return out
}

type conversation struct {
	id, kind, name, user string // kind: im, mpim, channel, group
	messages             []Message
	// lastRead is how far the user has read it in Slack (ReadUpTo), as
	// conversations.info's last_read says: "0000000000.000000" for never.
	lastRead string
}

type envelope struct {
	id    string
	body  map[string]any
	tries int
	to    *wsConn // the connection it went to last, with SplitEvents
}

type socketState struct {
	appToken   string
	appRevoked bool
	convs      map[string]*conversation
	users      map[string][2]string // id -> name, real name
	usersFail  int                  // users.info calls still to fail
	lastSec    int64
	lastMicro  int
	nextEnv    int
	unacked    map[string]*envelope
	order      []string // unacked envelope ids in send order
	acked      int
	conns      map[*wsConn]bool
	connSeq    []*wsConn // open connections, oldest first (SplitEvents)
	split      bool
	rr         int // round-robin position (SplitEvents)
	connects   int
	posts      []Posted // chat.postMessage
	// pingEvery is how often the server pings each connection (see
	// SetPingInterval).
	pingEvery time.Duration
}

type wsConn struct {
	mu sync.Mutex
	c  *websocket.Conn
}

func (w *wsConn) write(v any) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if raw, ok := v.([]byte); ok {
		return w.c.WriteMessage(websocket.TextMessage, raw)
	}
	return w.c.WriteJSON(v)
}

// SetAppToken sets the app-level token (xapp-) apps.connections.open takes.
func (s *Server) SetAppToken(token string) { s.mu.Lock(); s.sock.appToken = token; s.mu.Unlock() }

// RevokeApp makes apps.connections.open refuse the app token from now on
// and closes the open sockets.
func (s *Server) RevokeApp() {
	s.mu.Lock()
	s.sock.appRevoked = true
	s.mu.Unlock()
	s.DropConnections()
}

// AddConversation adds a conversation the user is in. kind is im, mpim,
// channel or group; for an im, name is the other user's ID.
func (s *Server) AddConversation(id, kind, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &conversation{id: id, kind: kind, name: name}
	if kind == "im" {
		c.user, c.name = name, ""
	}
	s.sock.convs[id] = c
}

// ReadUpTo marks the conversation read up to ts (a message's ts), as the
// user reading it in a Slack client does: conversations.info answers it
// as last_read. Threads are read apart, as in Slack: this says nothing of
// replies inside them.
func (s *Server) ReadUpTo(channel, ts string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.sock.convs[channel]
	if c == nil {
		panic("slacktest: unknown conversation " + channel)
	}
	c.lastRead = ts
}

// AddUser adds a user users.info knows.
func (s *Server) AddUser(id, name, realName string) {
	s.mu.Lock()
	s.sock.users[id] = [2]string{name, realName}
	s.mu.Unlock()
}

// FailUsersInfo makes the next n users.info calls fail with user_not_found.
func (s *Server) FailUsersInfo(n int) { s.mu.Lock(); s.sock.usersFail = n; s.mu.Unlock() }

// Post adds a message to a conversation's history and sends it as an
// event to connected clients (or keeps it for the next connection, as
// Slack retries). It returns the message's ts.
func (s *Server) Post(channel, user, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.post(channel, Message{User: user, Text: text}, true)
}

// PostQuietly adds a message to the history only: one sent while Socket
// Mode could not deliver it, which only a backfill finds.
func (s *Server) PostQuietly(channel, user, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.post(channel, Message{User: user, Text: text}, false)
}

// PostMessage posts a message with subtype or bot_id set, as an event.
func (s *Server) PostMessage(channel string, m Message) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.post(channel, m, true)
}

func (s *Server) post(channel string, m Message, event bool) string {
	c := s.sock.convs[channel]
	if c == nil {
		panic("slacktest: unknown conversation " + channel)
	}
	sec := s.now().Unix()
	if sec > s.sock.lastSec {
		s.sock.lastSec, s.sock.lastMicro = sec, 0
	}
	s.sock.lastMicro++
	m.TS = fmt.Sprintf("%d.%06d", s.sock.lastSec, s.sock.lastMicro)
	m.Type = "message"
	c.messages = append(c.messages, m)
	if event {
		ev := map[string]any{"type": "message", "channel": channel, "user": m.User, "text": m.Text, "ts": m.TS,
			"event_ts": m.TS, "channel_type": c.kind}
		if m.SubType != "" {
			ev["subtype"] = m.SubType
		}
		if m.BotID != "" {
			ev["bot_id"] = m.BotID
		}
		if m.ThreadTS != "" {
			ev["thread_ts"] = m.ThreadTS
		}
		s.sendEnvelope(map[string]any{"type": "events_api", "accepts_response_payload": false,
			"payload": map[string]any{"type": "event_callback", "team_id": "T0001", "api_app_id": "A0001",
				"event_id": "Ev" + strings.ReplaceAll(m.TS, ".", ""), "event_time": sec, "event": ev}})
	}
	return m.TS
}

// SendEvent sends an arbitrary events_api payload (an unknown event type,
// say); like any envelope it is redelivered until acknowledged.
func (s *Server) SendEvent(payload map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sendEnvelope(map[string]any{"type": "events_api", "accepts_response_payload": false, "payload": payload})
}

// SendRaw writes a frame as is to every connected client (malformed JSON,
// say). It is not redelivered.
func (s *Server) SendRaw(frame string) {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write([]byte(frame))
	}
}

func (s *Server) sendEnvelope(body map[string]any) {
	s.sock.nextEnv++
	id := fmt.Sprintf("env-%06d", s.sock.nextEnv)
	body["envelope_id"] = id
	env := &envelope{id: id, body: body}
	s.sock.unacked[id] = env
	s.sock.order = append(s.sock.order, id)
	if s.sock.split {
		if c := s.nextConn(nil); c != nil {
			s.deliver(c, env)
		}
		return
	}
	for _, c := range s.connList() {
		s.deliver(c, env)
	}
}

// SplitEvents makes the fake give each event to ONE open connection, as
// Slack does when an app has several (up to 10, each event to one of them
// at random): here in turn, oldest connection first, so a test knows which
// gets what. An event whose connection closes before acknowledging it goes
// to another open connection, as Slack retries.
func (s *Server) SplitEvents() { s.mu.Lock(); s.sock.split = true; s.mu.Unlock() }

// nextConn is the next connection in turn other than not; nil if none.
// Called with s.mu held.
func (s *Server) nextConn(not *wsConn) *wsConn {
	for range len(s.sock.connSeq) {
		c := s.sock.connSeq[s.sock.rr%len(s.sock.connSeq)]
		s.sock.rr++
		if c != not {
			return c
		}
	}
	return nil
}

// deliver writes an envelope; called with s.mu held, so envelopes keep
// their order on the wire.
func (s *Server) deliver(c *wsConn, env *envelope) {
	env.to = c
	env.body["retry_attempt"] = env.tries
	env.tries++
	if err := c.write(env.body); err != nil {
		c.c.Close()
	}
}

func (s *Server) connList() []*wsConn {
	var out []*wsConn
	for c := range s.sock.conns {
		out = append(out, c)
	}
	return out
}

// DropConnections closes every socket without a word, like a network
// failure; clients must reconnect.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.c.Close()
	}
}

// RequestDisconnect sends Slack's "disconnect" (refresh_requested) to
// every client, which then reconnects.
func (s *Server) RequestDisconnect() {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested",
			"debug_info": map[string]any{"host": "fake"}})
	}
}

// DefaultPingInterval is how often the fake pings a Socket Mode
// connection unless told otherwise: faster than Slack, so tests that
// watch pings do not wait.
const DefaultPingInterval = 2 * time.Second

// SetPingInterval sets how often connections made from now on are pinged.
// Slack itself pings about every 10 s; scripts/measure uses that to count
// what a connected tray wakes for.
func (s *Server) SetPingInterval(d time.Duration) {
	s.mu.Lock()
	s.sock.pingEvery = d
	s.mu.Unlock()
}

// Connected is the number of open sockets.
func (s *Server) Connected() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.sock.conns) }

// Connects is how many sockets were ever opened.
func (s *Server) Connects() int { s.mu.Lock(); defer s.mu.Unlock(); return s.sock.connects }

// Unacked is the number of envelopes not yet acknowledged.
func (s *Server) Unacked() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.sock.unacked) }

// Acked is the number of acknowledgements received.
func (s *Server) Acked() int { s.mu.Lock(); defer s.mu.Unlock(); return s.sock.acked }

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &wsConn{c: c}
	s.mu.Lock()
	s.sock.conns[conn] = true
	s.sock.connSeq = append(s.sock.connSeq, conn)
	s.sock.connects++
	_ = conn.write(map[string]any{"type": "hello", "num_connections": len(s.sock.conns),
		"connection_info": map[string]any{"app_id": "A0001"},
		"debug_info":      map[string]any{"host": "fake", "approximate_connection_time": 3600}})
	for _, id := range s.sock.order { // Slack retries what was not acknowledged
		if env := s.sock.unacked[id]; env != nil {
			s.deliver(conn, env)
		}
	}
	every := s.sock.pingEvery
	s.mu.Unlock()

	done := make(chan struct{})
	go func() { // Slack pings; the client times out without them
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				conn.mu.Lock()
				err := c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
				conn.mu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	defer func() {
		close(done)
		s.mu.Lock()
		delete(s.sock.conns, conn)
		s.sock.connSeq = slices.DeleteFunc(s.sock.connSeq, func(o *wsConn) bool { return o == conn })
		if s.sock.split { // Slack retries what this connection left unacknowledged on another
			for _, id := range s.sock.order {
				if env := s.sock.unacked[id]; env != nil && env.to == conn {
					if next := s.nextConn(conn); next != nil {
						s.deliver(next, env)
					}
				}
			}
		}
		s.mu.Unlock()
		c.Close()
	}()
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if json.Unmarshal(data, &ack) == nil && ack.EnvelopeID != "" {
			s.mu.Lock()
			if _, ok := s.sock.unacked[ack.EnvelopeID]; ok {
				delete(s.sock.unacked, ack.EnvelopeID)
				s.sock.acked++
				s.compactOrder()
			}
			s.mu.Unlock()
		}
	}
}

// compactOrder drops acknowledged ids from the front of the send order.
func (s *Server) compactOrder() {
	i := 0
	for i < len(s.sock.order) && s.sock.unacked[s.sock.order[i]] == nil {
		i++
	}
	s.sock.order = s.sock.order[i:]
}

// handleInbox answers the intake methods; it reports whether it did.
// Called with s.mu held, after the token was checked.
func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request, method string) bool {
	switch method {
	case "apps.connections.open":
		writeJSON(w, map[string]any{"ok": true, "url": "ws://" + r.Host + "/socket"})
	case "conversations.history":
		c := s.sock.convs[r.Form.Get("channel")]
		if c == nil {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return true
		}
		oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
		withMeta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
		var msgs []map[string]any
		for i := len(c.messages) - 1; i >= 0; i-- { // newest first, like Slack
			m := c.messages[i]
			if m.ThreadTS != "" && m.ThreadTS != m.TS && m.SubType != "thread_broadcast" {
				continue // a reply inside a thread: Slack lists it with conversations.replies only
			}
			ts, _ := strconv.ParseFloat(m.TS, 64)
			if ts > oldest {
				msgs = append(msgs, c.listed(m, withMeta))
			}
		}
		page, next := paginate(len(msgs), r.Form)
		writeJSON(w, map[string]any{"ok": true, "messages": msgs[page[0]:page[1]], "has_more": next != "",
			"response_metadata": map[string]any{"next_cursor": next}})
	case "conversations.replies":
		// A thread: its parent first, then its replies, oldest first.
		c := s.sock.convs[r.Form.Get("channel")]
		if c == nil {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return true
		}
		parent := r.Form.Get("ts")
		withMeta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
		var msgs []map[string]any
		for _, m := range c.messages {
			if m.TS == parent || m.ThreadTS == parent {
				msgs = append(msgs, c.listed(m, withMeta))
			}
		}
		if len(msgs) == 0 {
			writeJSON(w, map[string]any{"ok": false, "error": "thread_not_found"})
			return true
		}
		page, next := paginate(len(msgs), r.Form)
		writeJSON(w, map[string]any{"ok": true, "messages": msgs[page[0]:page[1]], "has_more": next != "",
			"response_metadata": map[string]any{"next_cursor": next}})
	case "users.conversations":
		types := r.Form.Get("types")
		var ids []string
		for id, c := range s.sock.convs {
			want := map[string]string{"im": "im", "mpim": "mpim", "channel": "public_channel", "group": "private_channel"}[c.kind]
			if types == "" || strings.Contains(types, want) {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		page, next := paginate(len(ids), r.Form)
		var chans []map[string]any
		for _, id := range ids[page[0]:page[1]] {
			c := s.sock.convs[id]
			chans = append(chans, map[string]any{"id": id, "name": c.name, "user": c.user,
				"is_im": c.kind == "im", "is_mpim": c.kind == "mpim", "is_channel": c.kind == "channel",
				"is_group": c.kind == "group", "is_private": c.kind == "group" || c.kind == "mpim"})
		}
		writeJSON(w, map[string]any{"ok": true, "channels": chans, "response_metadata": map[string]any{"next_cursor": next}})
	case "users.info":
		if s.sock.usersFail > 0 {
			s.sock.usersFail--
			writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			return true
		}
		id := r.Form.Get("user")
		u, ok := s.sock.users[id]
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			return true
		}
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "name": u[0], "real_name": u[1],
			"profile": map[string]any{"display_name": u[0], "real_name": u[1]}}})
	case "conversations.info":
		c := s.sock.convs[r.Form.Get("channel")]
		if c == nil {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return true
		}
		lastRead := c.lastRead
		if lastRead == "" {
			lastRead = "0000000000.000000"
		}
		ch := map[string]any{"id": c.id, "created": 1449252889, "is_open": true, "last_read": lastRead,
			"is_im": c.kind == "im", "is_mpim": c.kind == "mpim", "is_channel": c.kind == "channel",
			"is_group": c.kind == "group", "is_private": c.kind == "group" || c.kind == "mpim",
			"is_org_shared": false, "is_shared": false, "is_ext_shared": false, "is_archived": false}
		if c.kind == "im" {
			ch["user"] = c.user
		} else {
			ch["name"], ch["name_normalized"], ch["is_member"] = c.name, c.name, true
		}
		unread := 0
		for _, m := range c.messages {
			if m.ThreadTS == "" || m.ThreadTS == m.TS {
				if tsNum(m.TS) > tsNum(lastRead) {
					unread++
				}
			}
		}
		ch["unread_count"], ch["unread_count_display"] = unread, unread
		writeJSON(w, map[string]any{"ok": true, "channel": ch})
	case "chat.postMessage":
		s.postMessage(w, r)
	case "chat.getPermalink":
		ch, ts := r.Form.Get("channel"), r.Form.Get("message_ts")
		if s.sock.convs[ch] == nil {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return true
		}
		writeJSON(w, map[string]any{"ok": true, "channel": ch,
			"permalink": "https://acme.slack.com/archives/" + ch + "/p" + strings.ReplaceAll(ts, ".", "")})
	default:
		return false
	}
	return true
}

func tsNum(ts string) float64 { f, _ := strconv.ParseFloat(ts, 64); return f }

// paginate reads limit and cursor (an offset here) and returns the slice
// bounds and the next cursor.
func paginate(n int, form url.Values) ([2]int, string) {
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	start, _ := strconv.Atoi(form.Get("cursor"))
	start = min(max(start, 0), n)
	end := min(start+limit, n)
	next := ""
	if end < n {
		next = strconv.Itoa(end)
	}
	return [2]int{start, end}, next
}
