package app

import (
	"testing"
	"time"
)

func TestNextWake(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	in := func(d time.Duration) time.Time { return now.Add(d) }
	tests := []struct {
		name string
		in   wakeInputs
		want time.Time
	}{
		{"nothing due: no timer at all", wakeInputs{Now: now}, time.Time{}},
		{"the block's next minute", wakeInputs{Now: now, Engine: in(time.Minute), Purge: in(time.Hour)}, in(time.Minute)},
		{"AFK ends first", wakeInputs{Now: now, Engine: in(time.Minute), AFKUntil: in(30 * time.Second)}, in(30 * time.Second)},
		{"working hours change", wakeInputs{Now: now, WorkingHours: in(7 * time.Hour), Midnight: in(14 * time.Hour)}, in(7 * time.Hour)},
		{"weekly summary not wanted is ignored", wakeInputs{Now: now, Weekly: in(time.Minute), Review: in(time.Hour)}, in(time.Hour)},
		{"weekly summary wanted", wakeInputs{Now: now, Weekly: in(time.Minute), WeeklyWanted: true, Review: in(time.Hour)}, in(time.Minute)},
		{"overdue comes back as is: now", wakeInputs{Now: now, Review: in(-time.Minute), Engine: in(time.Minute)}, in(-time.Minute)},
		{"refused history is retried", wakeInputs{Now: now, RetryWrites: in(5 * time.Second), Purge: in(time.Hour)}, in(5 * time.Second)},
		{"midnight starts today over", wakeInputs{Now: now, Midnight: in(14 * time.Hour)}, in(14 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextWake(tt.in); !got.Equal(tt.want) {
				t.Fatalf("nextWake = %v, want %v", got, tt.want)
			}
		})
	}
}
