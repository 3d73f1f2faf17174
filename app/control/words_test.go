package control

import "testing"

// Every count the surfaces write about pings, for none, one and several.
func TestPingWords(t *testing.T) {
	for _, c := range []struct {
		held, delivered int
		want            string
	}{
		{0, 0, ""},
		{1, 0, "1 ping held"},
		{2, 0, "2 pings held"},
		{0, 1, "1 ping to review"},
		{0, 2, "2 pings to review"},
		{1, 1, "2 pings to review (1 held, 1 delivered)"},
		{6, 1, "7 pings to review (6 held, 1 delivered)"},
	} {
		if got := PingWords(c.held, c.delivered); got != c.want {
			t.Errorf("PingWords(%d, %d) = %q, want %q", c.held, c.delivered, got, c.want)
		}
		if got := (PingStatus{Held: c.held, Delivered: c.delivered}).Words(); got != c.want {
			t.Errorf("Words of %d held, %d delivered = %q, want %q", c.held, c.delivered, got, c.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 blocks"}, {1, "1 block"}, {2, "2 blocks"}} {
		if got := Plural(c.n, "block", "blocks"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
