package slackapi

import (
	"html"
	"regexp"
	"slices"
	"strings"
)

var markup = regexp.MustCompile(`<([@#!]?)([^>|]*)(?:\|([^>]*))?>`)

// PlainText turns Slack's message markup into what a person reads:
// <@U1> becomes @name (from names, by user ID), <#C1|ops> #ops,
// <https://x|label> label, <!here> @here, and &amp; &.
func PlainText(text string, names map[string]string) string {
	out := markup.ReplaceAllStringFunc(text, func(s string) string {
		g := markup.FindStringSubmatch(s)
		sigil, id, label := g[1], g[2], g[3]
		switch sigil {
		case "@":
			if label != "" {
				return "@" + label
			}
			if n := names[id]; n != "" {
				return "@" + n
			}
			return "@" + id
		case "#":
			if label != "" {
				return "#" + label
			}
			return "#" + id
		case "!":
			if label != "" {
				return label
			}
			return "@" + strings.SplitN(id, "^", 2)[0]
		}
		if label != "" {
			return label
		}
		return id
	})
	return html.UnescapeString(out)
}

// Mentioned are the user IDs a message's <@U…> mentions name, each once,
// at most n.
func Mentioned(text string, n int) []string {
	var ids []string
	for _, m := range markup.FindAllStringSubmatch(text, -1) {
		if m[1] == "@" && m[2] != "" && !slices.Contains(ids, m[2]) {
			ids = append(ids, m[2])
			if len(ids) == n {
				break
			}
		}
	}
	return ids
}
