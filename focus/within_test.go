package focus

import (
	"testing"
	"time"
)

func TestActiveWithin(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 24, h, m, 0, 0, time.UTC) }
	day := func(h, m int) time.Time { return at(h, m).AddDate(0, 0, 1) }
	block := Block{Segments: []Interval{{at(23, 30), day(0, 10)}, {day(0, 15), day(0, 35)}}}
	tests := []struct {
		name     string
		from, to time.Time
		want     time.Duration
	}{
		{"the day it started", at(0, 0), day(0, 0), 30 * time.Minute},
		{"the next day", day(0, 0), day(24, 0), 30 * time.Minute},
		{"both days", at(0, 0), day(24, 0), time.Hour},
		{"a pause in between counts nothing", day(0, 10), day(0, 15), 0},
		{"before it", at(20, 0), at(23, 0), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := block.ActiveWithin(tt.from, tt.to); got != tt.want {
				t.Fatalf("ActiveWithin = %v, want %v", got, tt.want)
			}
		})
	}
}
