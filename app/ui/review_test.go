package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/headsdown-app/headsdown/app/pinglist"
	"github.com/headsdown-app/headsdown/store"
)

func TestReviewViewGroupsOpensAndMarks(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 23, 9, 5, 0, 0, time.Local)
	st.SetConversation(ctx, store.Conversation{ID: "D1", Kind: "im", Name: "U2"})
	st.SetConversation(ctx, store.Conversation{ID: "C1", Kind: "channel", Name: "eng"})
	st.PutUser(ctx, store.User{ID: "U2", Name: "bo", RealName: "Bo Chen", FetchedAt: at})
	st.PutUser(ctx, store.User{ID: "U1", Name: "ana", RealName: "Ana", FetchedAt: at})
	added, err := st.AddIntake(ctx, store.Intake{Pings: []store.Ping{
		{Channel: "D1", TS: "1.1", UserID: "U2", Kind: "im", Text: "PR ready &amp; green", ReceivedAt: at},
		{Channel: "C1", TS: "2.1", UserID: "U2", Kind: "mention", Text: "<@U1> see <#C1|eng>", ReceivedAt: at.Add(time.Minute)},
		{Channel: "D1", TS: "1.2", UserID: "U2", Kind: "im", Text: "prod down", ReceivedAt: at.Add(2 * time.Minute), Bypassed: true, Reason: `keyword "prod down"`},
	}})
	if err != nil || len(added) != 3 {
		t.Fatal(err)
	}
	var marked [][]int64
	var markedAll bool
	var opened []string
	failMark := false
	v := NewReviewView(ReviewDeps{
		Load: func() ([]pinglist.Group, error) { return pinglist.Load(ctx, st) },
		Mark: func(ids []int64, all bool) error {
			if failMark {
				return errors.New("Heads Down is not running")
			}
			marked, markedAll = append(marked, ids), all
			if all {
				_, err := st.MarkReviewed(ctx, []int64{added[0].ID, added[1].ID, added[2].ID}, at)
				return err
			}
			_, err := st.MarkReviewed(ctx, ids, at)
			return err
		},
		Permalink: func(ch, ts string) (string, error) {
			if ch == "C1" {
				return "", errors.New("channel_not_found")
			}
			return "https://acme.slack.com/archives/" + ch + "/p" + ts, nil
		},
		Open: func(link string) error { opened = append(opened, link); return nil },
	})
	test.NewTempWindow(t, v.Content)
	if v.Header.Text != "3 pings to review" || len(v.Rows) != 3 {
		t.Fatalf("header %q, %d rows", v.Header.Text, len(v.Rows))
	}
	// Grouped by conversation: Bo's DM (both pings), then #eng.
	if v.Rows[0].Item.Channel != "D1" || v.Rows[1].Item.Channel != "D1" || v.Rows[2].Item.Channel != "C1" {
		t.Fatalf("order %v %v %v", v.Rows[0].Item.Channel, v.Rows[1].Item.Channel, v.Rows[2].Item.Channel)
	}
	if v.Rows[0].Item.Text != "PR ready & green" || v.Rows[2].Item.Text != "@ana see #eng" || v.Rows[0].Item.From != "Bo Chen" {
		t.Fatalf("rows %+v / %+v", v.Rows[0].Item, v.Rows[2].Item)
	}
	test.Tap(v.Rows[0].Open)
	if len(opened) != 1 || opened[0] != "https://acme.slack.com/archives/D1/p1.1" {
		t.Fatalf("opened %v", opened)
	}
	test.Tap(v.Rows[2].Open)
	if !strings.Contains(v.Message.Text, "channel_not_found") {
		t.Fatalf("message %q", v.Message.Text)
	}
	failMark = true
	test.Tap(v.Rows[0].Done)
	if !strings.Contains(v.Message.Text, "not running") || len(v.Rows) != 3 {
		t.Fatalf("mark failure: %q, %d rows", v.Message.Text, len(v.Rows))
	}
	failMark = false
	test.Tap(v.Rows[0].Done)
	if len(marked) != 1 || marked[0][0] != added[0].ID || len(v.Rows) != 2 || v.Header.Text != "2 pings to review" {
		t.Fatalf("after marking one: %v, %d rows, %q", marked, len(v.Rows), v.Header.Text)
	}
	test.Tap(v.MarkAll)
	if !markedAll || len(v.Rows) != 0 || !strings.HasPrefix(v.Header.Text, "No pings") || !v.MarkAll.Disabled() {
		t.Fatalf("after all: %d rows, %q", len(v.Rows), v.Header.Text)
	}
}
