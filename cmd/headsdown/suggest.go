package main

import (
	"fmt"
	"strings"
)

// didYouMean is ` did you mean "status"?` for a typo of one of choices,
// or "" when none is close. Close is at most two edits (a swap of two
// neighbours counts as one: "statsu", "strat"), and fewer than half the
// word, so "xyz" suggests nothing rather than a guess. Flags (--json)
// are named bare, words quoted.
func didYouMean(typed string, choices []string) string {
	best, bestD := []string(nil), 3
	for _, c := range choices {
		d := editDistance(strings.ToLower(typed), c)
		if d*2 >= max(len(typed), len(c)) {
			continue
		}
		switch {
		case d < bestD:
			best, bestD = []string{c}, d
		case d == bestD:
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		return ""
	}
	if !strings.HasPrefix(typed, "-") {
		best = quoteAll(best)
	}
	return fmt.Sprintf(" did you mean %s?", orList(best))
}

// unknown is `unknown command "statsu"; did you mean "status"?`, or
// without a close choice `unknown command "xyz"`; then, when choices are
// named (the windows, the sections), "." and those.
func unknown(what, typed string, choices []string, named string) string {
	msg := fmt.Sprintf("%s %q", what, typed)
	if s := didYouMean(typed, choices); s != "" {
		msg += ";" + s
	} else if named != "" {
		msg += "."
	}
	if named != "" {
		msg += " " + named + "."
	}
	return msg
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of two neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// orList is "a, b or c".
func orList(items []string) string { return listWith(items, " or ") }

// andList is "a, b and c".
func andList(items []string) string { return listWith(items, " and ") }

func listWith(items []string, last string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

func quoteAll(items []string) []string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return q
}
