package presence

import (
	"regexp"
	"strings"
	"time"
)

// AutoMark starts every auto-reply, so the sender knows a person did not
// write it. A template that does not say it gets it in front.
const AutoMark = "(auto)"

// sentence is one sentence with the space after it.
var sentence = regexp.MustCompile(`[^.!?]*(?:[.!?]+|$)\s*`)

// RenderReply fills an auto-reply template: the status's placeholders
// ({until}, {next_review}, {reply_by}) as Render writes them, and
// {keyword}, the first breakthrough keyword. With no keyword, the sentence
// (or " · " part) that names it is left out, so the reply never tells a
// sender to write an empty keyword. It always starts with AutoMark. Unlike a
// status it is not cut at 100 characters (config bounds the template).
func (v Values) RenderReply(tmpl, keyword string, loc *time.Location) string {
	if strings.TrimSpace(keyword) == "" {
		// A whole " · " part first, as for a status; then, in what is
		// left, the sentence.
		parts := strings.Split(tmpl, SegmentSep)
		kept := parts[:1]
		for _, p := range parts[1:] {
			if !strings.Contains(p, "{keyword}") {
				kept = append(kept, p)
			}
		}
		var out []string
		for _, s := range sentence.FindAllString(strings.Join(kept, SegmentSep), -1) {
			if !strings.Contains(s, "{keyword}") {
				out = append(out, s)
			}
		}
		tmpl = strings.Join(out, "")
	}
	s := v.fill(tmpl, loc, map[string]string{"{keyword}": keyword})
	if !strings.HasPrefix(s, AutoMark) {
		s = strings.TrimSpace(AutoMark + " " + s)
	}
	return s
}
