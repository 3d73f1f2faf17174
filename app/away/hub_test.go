package away

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

// The hub's combining, without D-Bus: any source on is on, all off is off,
// and only changes of that are events.
func TestHubCombines(t *testing.T) {
	at := time.Date(2026, 11, 26, 12, 4, 0, 0, time.UTC)
	type report struct {
		g      group
		source string
		on     bool
	}
	for _, tc := range []struct {
		name    string
		reports []report
		want    []Kind
	}{
		{"one source", []report{{lockGroup, "a", true}, {lockGroup, "a", false}}, []Kind{Locked, Unlocked}},
		{"repeats are no change", []report{{lockGroup, "a", true}, {lockGroup, "a", true}, {lockGroup, "a", false}, {lockGroup, "a", false}},
			[]Kind{Locked, Unlocked}},
		{"two sources, one lock", []report{{lockGroup, "a", true}, {lockGroup, "b", true}, {lockGroup, "a", false}, {lockGroup, "b", false}},
			[]Kind{Locked, Unlocked}},
		{"an unlock of a source that never locked", []report{{lockGroup, "a", true}, {lockGroup, "b", false}}, []Kind{Locked}},
		{"groups apart", []report{{lockGroup, "a", true}, {idleGroup, "a", true}, {sleepGroup, "a", true}, {sleepGroup, "a", false},
			{idleGroup, "a", false}, {lockGroup, "a", false}}, []Kind{Locked, Idle, Sleeping, Awake, Active, Unlocked}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHub()
			for _, r := range tc.reports {
				h.set(r.g, r.source, r.on, at)
			}
			got := kindsOf(h.queue)
			for _, ev := range h.queue {
				if ev.At != at {
					t.Errorf("%v at %v, want %v", ev.Kind, ev.At, at)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("events %v, want %v", got, tc.want)
			}
		})
	}
}

// deliver hands the queued events to emit in order, and returns when its
// context ends, also from a blocked emit.
func TestHubDelivers(t *testing.T) {
	h := newHub()
	at := time.Now()
	h.set(lockGroup, "a", true, at)
	h.set(idleGroup, "a", true, at)
	ctx, cancel := context.WithCancel(context.Background())
	var got []Kind
	h.deliver(ctx, func(ctx context.Context, ev Event) {
		got = append(got, ev.Kind)
		if len(got) == 2 {
			cancel()
			<-ctx.Done() // blocks until its context ends, as emit may
		}
	})
	if !slices.Equal(got, []Kind{Locked, Idle}) {
		t.Fatalf("events %v", got)
	}
}

func kindsOf(evs []Event) []Kind {
	var out []Kind
	for _, ev := range evs {
		out = append(out, ev.Kind)
	}
	return out
}

// Sources lists lock, suspend and idle sources in that order, by name, and
// keeps one idle source: the one in use or the reason there is none.
func TestSourcesOrder(t *testing.T) {
	m := New(Options{})
	for _, s := range []Source{
		{Name: "x11-idle", What: WhatIdle, Live: true},
		{Name: "logind", What: WhatSuspend, Live: true},
		{Name: "org.gnome.ScreenSaver", What: WhatLock},
		{Name: "logind", What: WhatLock, Live: true},
		{Name: "idle", What: WhatIdle, Note: "lost"},
		{Name: "logind", What: WhatLock, Note: "lost"},
	} {
		m.setSource(s)
	}
	want := []Source{
		{Name: "logind", What: WhatLock, Note: "lost"},
		{Name: "org.gnome.ScreenSaver", What: WhatLock},
		{Name: "logind", What: WhatSuspend, Live: true},
		{Name: "idle", What: WhatIdle, Note: "lost"},
	}
	if got := m.Sources(); !slices.Equal(got, want) {
		t.Fatalf("Sources() = %+v, want %+v", got, want)
	}
}

// testLog logs into the test's output.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
