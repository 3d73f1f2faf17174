package slackapi

import (
	"context"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{
		{0, 10 * time.Second}, {1, 10 * time.Second}, {2, 20 * time.Second}, {3, 40 * time.Second},
		{6, 5 * time.Minute}, {60, 5 * time.Minute},
	}
	for _, tt := range tests {
		if got := Backoff(10*time.Second, 5*time.Minute, tt.n); got != tt.want {
			t.Errorf("Backoff(10s, 5m, %d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Sleep(ctx, time.Hour) {
		t.Fatal("Sleep waited out an hour on a cancelled context")
	}
	if !Sleep(context.Background(), 0) {
		t.Fatal("a zero wait did not pass")
	}
}
