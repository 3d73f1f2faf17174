package inbox

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/slackapi/slacktest"
	"github.com/headsdown-app/headsdown/store"
)

// A mention inside a thread keeps its parent's ts, by Socket Mode and by
// backfill alike (conversations.history lists a thread's parent, and the
// replies Slack broadcast to the channel).
func TestThreadRepliesKeepTheirParent(t *testing.T) {
	srv := fakeWorkspace(t)
	dbPath := filepath.Join(t.TempDir(), store.FileName)
	log := newPingLog()
	run := startIntake(t, srv, dbPath, testAppToken, log, PingRules{})
	eventually(t, "Socket Mode", 5*time.Second, func() bool { return run.in.State().Connected })
	parent := srv.Post("C0ENG", "U0BO", "<@U0001> rollout plan")
	reply := srv.PostMessage("C0ENG", slacktest.Message{User: "U0CY", Text: "<@U0001> step 3?", ThreadTS: parent})
	eventually(t, "both pings", 5*time.Second, func() bool { return log.count() == 2 })
	run.stop()
	// Sent while nobody was connected: only the backfill finds it.
	broadcast := srv.PostMessage("C0ENG", slacktest.Message{User: "U0CY", Text: "<@U0001> also here", ThreadTS: parent,
		SubType: "thread_broadcast"})
	srv.DropConnections()
	run = startIntake(t, srv, dbPath, "", log, PingRules{}) // polling: conversations.history
	eventually(t, "the broadcast reply, backfilled", 5*time.Second, func() bool { return log.count() == 3 })
	ps, err := run.st.Pings(context.Background(), store.PingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	threads := map[string]string{}
	for _, p := range ps {
		threads[p.TS] = p.ThreadTS
	}
	if threads[reply] != parent || threads[broadcast] != parent || (threads[parent] != "" && threads[parent] != parent) {
		t.Fatalf("thread_ts stored: %v (parent %s, reply %s, broadcast %s)", threads, parent, reply, broadcast)
	}
}

// LastRead asks conversations.info how far the user read each
// conversation; one Slack cannot answer for is left out, and the others
// still answer.
func TestLastReadFromConversationsInfo(t *testing.T) {
	srv := fakeWorkspace(t)
	first := srv.Post("D0BO", "U0BO", "one")
	srv.Post("D0BO", "U0BO", "two")
	srv.ReadUpTo("D0BO", first)
	run := startIntake(t, srv, filepath.Join(t.TempDir(), store.FileName), testAppToken, newPingLog(), PingRules{})
	got := run.in.LastRead(context.Background(), []string{"D0BO", "C0GONE", "D0CY"})
	if len(got) != 2 || got["D0BO"] != first || got["D0CY"] != "0000000000.000000" {
		t.Fatalf("last_read %v; want D0BO at %s and D0CY never read", got, first)
	}
	infos := func() int {
		n := 0
		for _, c := range srv.Calls() {
			if c.Method == "conversations.info" {
				n++
			}
		}
		return n
	}
	if infos := infos(); infos != 3 {
		t.Fatalf("%d conversations.info calls, want one per conversation", infos)
	}
	// At most MaxReadChecks conversations per check.
	many := make([]string, MaxReadChecks+5)
	for i := range many {
		many[i] = "D0BO"
	}
	srv.Reset()
	run.in.LastRead(context.Background(), many)
	if n := infos(); n != MaxReadChecks {
		t.Fatalf("%d calls for %d conversations, want at most %d", n, len(many), MaxReadChecks)
	}
}
