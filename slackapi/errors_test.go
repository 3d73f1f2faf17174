package slackapi

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// Unreachable names why Slack could not be reached, from real failures of
// the slack-go client: each is also Transient, so it is retried.
func TestUnreachable(t *testing.T) {
	refused := func() string { // a port nobody listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr + "/api/"
	}
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answers while the test runs
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer hanging.Close()
	defer close(release) // before Close, which waits for the handler
	trouble := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer trouble.Close()

	for _, tc := range []struct {
		name, url string
		want      string
	}{
		{"DNS failure", "http://slack.invalid/api/", "no network"},
		{"connection refused by a host the network reaches", refused(), "can't reach 127.0.0.1:"},
		{"no answer", hanging.URL + "/api/", "no answer"},
		{"a 503", trouble.URL + "/api/", "Slack is having trouble"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Long enough for a DNS failure or a refusal on a busy machine;
			// only the hanging server ever waits it out.
			wait := 5 * time.Second
			if tc.want == "no answer" {
				wait = 300 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			_, err := slack.New("xoxp-1", slack.OptionAPIURL(tc.url)).AuthTestContext(ctx)
			if err == nil {
				t.Fatal("no error")
			}
			if got := Unreachable(err); !strings.HasPrefix(got, tc.want) || tc.name != "connection refused by a host the network reaches" && got != tc.want {
				t.Errorf("Unreachable(%v) = %q, want %q", err, got, tc.want)
			}
			if k := Classify(err).Kind; k != Transient {
				t.Errorf("Classify(%v) = %v, want Transient", err, k)
			}
		})
	}
}
