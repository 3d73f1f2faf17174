package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/store"
)

func TestPingsCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HEADSDOWN_DATA_DIR", dir)
	out, errs, code := runCLI(t, "", "pings")
	if code != 1 || !strings.Contains(errs, "headsdown.db") {
		t.Fatalf("no database: exit %d %q %q", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 9, 5, 0, 0, time.Local)
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.PutUser(ctx, store.User{ID: "U2", Name: "bo", RealName: "Bo Chen", FetchedAt: at})
	st.AddIntake(ctx, store.Intake{Pings: []store.Ping{
		{Channel: "C1", TS: "2.1", UserID: "U2", Kind: "mention", Text: "<@U1> can you review?", ReceivedAt: at},
	}})
	q, _ := st.QueueReplies(ctx, []store.AutoReply{{BlockID: 1, BlockStart: at, UserID: "U2", Channel: "C1", TS: "2.1",
		Text: "(auto) I'm heads-down until 09:30.", QueuedAt: at}})
	st.ClaimReply(ctx, q[0].ID)
	st.FinishReply(ctx, q[0].ID, store.ReplySent, at.Add(time.Minute), "2.2", "")
	st.Close()

	out, errs, code = runCLI(t, "", "pings")
	if code != 0 || !strings.Contains(out, "1 ping held:") || !strings.Contains(out, "#eng") ||
		!strings.Contains(out, "Bo Chen") || !strings.Contains(out, "Mon 09:05") || !strings.Contains(out, "can you review?") ||
		!strings.Contains(out, "[auto-replied 09:06]") {
		t.Fatalf("pings: exit %d\n%s%s", code, out, errs)
	}
	out, _, code = runCLI(t, "", "pings", "--json")
	var groups []pinglist.Group
	if err := json.Unmarshal([]byte(out), &groups); code != 0 || err != nil || len(groups) != 1 || groups[0].Pings[0].From != "Bo Chen" ||
		groups[0].Pings[0].AutoReply == nil || groups[0].Pings[0].AutoReply.Status != "sent" || groups[0].Pings[0].AutoReply.Text != "(auto) I'm heads-down until 09:30." {
		t.Fatalf("pings --json: exit %d %v\n%s", code, err, out)
	}
	if _, errs, code := runCLI(t, "", "review"); code != 2 || !strings.Contains(errs, "IDs or --all") {
		t.Fatalf("review without IDs: %d %q", code, errs)
	}
	if _, errs, code := runCLI(t, "", "review", "x"); code != 2 || !strings.Contains(errs, "not a ping ID") {
		t.Fatalf("review x: %d %q", code, errs)
	}
	if _, errs, code := runCLI(t, "", "review", "--all"); code != 1 || !strings.Contains(errs, "not running") {
		t.Fatalf("review with no app: %d %q", code, errs)
	}
}
