package slackapi

import (
	"regexp"
	"strings"
	"sync"
)

// tokenShape matches anything that looks like a Slack token: user, bot,
// app-level, refresh and configuration tokens. Scrubbing by shape catches a
// token that was never handed to Remember (one typed into a form, say).
var tokenShape = regexp.MustCompile(`\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{6,}`)

const redacted = "[redacted]"

var known struct {
	sync.Mutex
	tokens []string
}

// Remember adds secrets that Scrub removes wherever they appear, whatever
// their shape (a proxy's token, say). Empty strings are ignored.
func Remember(secrets ...string) {
	known.Lock()
	defer known.Unlock()
	for _, s := range secrets {
		if len(s) >= 6 && !contains(known.tokens, s) {
			known.tokens = append(known.tokens, s)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Scrub removes every remembered secret and anything shaped like a Slack
// token from s. The logger runs every message and attribute through it.
func Scrub(s string) string {
	known.Lock()
	for _, t := range known.tokens {
		s = strings.ReplaceAll(s, t, redacted)
	}
	known.Unlock()
	if strings.Contains(s, "x") {
		s = tokenShape.ReplaceAllString(s, redacted)
	}
	return s
}

// Redact removes token, and anything shaped like a Slack token, from s.
func Redact(s, token string) string {
	if token != "" {
		s = strings.ReplaceAll(s, token, redacted)
	}
	return Scrub(s)
}
