package slacktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Posted is one message posted with chat.postMessage.
type Posted struct {
	Channel  string
	ThreadTS string // the thread it went to; empty for a top-level message
	Text     string
	AsUser   string // the as_user parameter as sent (deprecated for user tokens; recorded to check it is not relied on)
	User     string // whose token posted it: the fake's own user (U0001)
	TS       string // the new message's ts
	At       time.Time
	Metadata *Metadata // the metadata it was posted with, if any
}

// Posts are the messages posted so far (including ones whose answer was
// lost: they were posted).
func (s *Server) Posts() []Posted {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sock.posts)
}

// selfID is who the fake's token belongs to (auth.test's user_id).
const selfID = "U0001"

// postMessage is chat.postMessage with a user token: the message is posted
// as the user, into the thread of thread_ts when given, added to the
// conversation's history and sent as an event (Slack echoes your own
// messages to Socket Mode, which must not take them for pings). Without
// the chat:write scope it answers missing_scope like Slack. Called with
// s.mu held, after the token was checked.
func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	if !slices.Contains(s.scopes, "chat:write") {
		writeJSON(w, map[string]any{"ok": false, "error": "missing_scope", "needed": "chat:write", "provided": strings.Join(s.scopes, ",")})
		return
	}
	ch, text := r.Form.Get("channel"), r.Form.Get("text")
	switch {
	case s.sock.convs[ch] == nil:
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	case text == "":
		writeJSON(w, map[string]any{"ok": false, "error": "no_text"})
		return
	case len([]rune(text)) > 40000:
		writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
		return
	}
	var meta *Metadata
	if raw := r.Form.Get("metadata"); raw != "" {
		meta = new(Metadata)
		if err := json.Unmarshal([]byte(raw), meta); err != nil || meta.EventType == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_metadata_format"})
			return
		}
	}
	thread := r.Form.Get("thread_ts")
	ts := s.post(ch, Message{User: selfID, Text: text, ThreadTS: thread, Metadata: meta}, true)
	s.sock.posts = append(s.sock.posts, Posted{Channel: ch, ThreadTS: thread, Text: text, AsUser: r.Form.Get("as_user"),
		User: selfID, TS: ts, At: time.Now(), Metadata: meta})
	writeJSON(w, map[string]any{"ok": true, "channel": ch, "ts": ts,
		"message": map[string]any{"type": "message", "user": selfID, "text": text, "ts": ts, "thread_ts": thread}})
}
