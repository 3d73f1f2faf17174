package control

import "fmt"

// The pings still waiting for review are worded the same on every surface
// (the tray, `status`, `pings`, the review window), so the counts read as
// one: held (waiting for the next review window) and delivered (put in
// front of you by a digest or a breakthrough, not yet reviewed) add up to
// those to review. Reviewed is only what you marked: it is not counted
// here, since it no longer waits.

// PingWords is the pings waiting: "7 pings to review (6 held, 1
// delivered)", "6 pings held" when none was delivered yet, "1 ping to
// review" when none is held; "" for none.
func PingWords(held, delivered int) string {
	switch {
	case held <= 0 && delivered <= 0:
		return ""
	case delivered <= 0:
		return Plural(held, "ping held", "pings held")
	case held <= 0:
		return Plural(delivered, "ping to review", "pings to review")
	}
	return fmt.Sprintf("%d pings to review (%d held, %d delivered)", held+delivered, held, delivered)
}

// Words is PingWords for the status's figures.
func (p PingStatus) Words() string { return PingWords(p.Held, p.Delivered) }

// Plural is "1 block", "3 blocks": n and the noun that fits it (0 is
// plural in English: "0 blocks").
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
