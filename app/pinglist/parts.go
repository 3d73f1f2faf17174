package pinglist

import (
	"html"
	"regexp"
	"strings"
)

// Part is a piece of a message as the review window draws it: text, or a
// link (URL set) showing Text.
type Part struct {
	Text string
	URL  string
}

var (
	// markup is Slack's <…> markup: <@U1>, <#C1|eng>, <!here>, <https://x|label>.
	markup = regexp.MustCompile(`<([@#!]?)([^>|]*)(?:\|([^>]*))?>`)
	// bareURL is a link typed without markup (Slack usually wraps them).
	bareURL = regexp.MustCompile(`https?://[^\s<>]+[^\s<>.,;:!?)\]'"]`)
	// emojiCode is ":tada:", ":+1:", ":skin-tone-2:".
	emojiCode = regexp.MustCompile(`:([a-z0-9_+\-]+):`)
)

// Parts turns a message's Slack markup into what a person reads, keeping
// links as links: <@U1> is "@name" (from names, by user ID; the ID when
// not known), <#C1|eng> "#eng", <!here> "@here", <https://x|label> a link
// "label" to https://x, a bare https://x a link to itself, common emoji
// codes (":tada:") their emoji, other emoji codes nothing, and &amp; "&".
func Parts(text string, names map[string]string) []Part {
	var out []Part
	addText := func(s string) {
		s = html.UnescapeString(s)
		for s != "" {
			loc := bareURL.FindStringIndex(s)
			if loc == nil {
				out = appendText(out, emojify(s))
				return
			}
			out = appendText(out, emojify(s[:loc[0]]))
			out = append(out, Part{Text: s[loc[0]:loc[1]], URL: s[loc[0]:loc[1]]})
			s = s[loc[1]:]
		}
	}
	rest := text
	for rest != "" {
		loc := markup.FindStringSubmatchIndex(rest)
		if loc == nil {
			addText(rest)
			break
		}
		addText(rest[:loc[0]])
		group := func(i int) string {
			if loc[2*i] < 0 {
				return ""
			}
			return rest[loc[2*i]:loc[2*i+1]]
		}
		sigil, id, label := group(1), group(2), html.UnescapeString(group(3))
		switch sigil {
		case "@":
			switch {
			case names[id] != "":
				out = appendText(out, "@"+names[id])
			case label != "":
				out = appendText(out, "@"+label)
			default:
				out = appendText(out, "@"+id)
			}
		case "#":
			if label == "" {
				label = id
			}
			out = appendText(out, "#"+label)
		case "!":
			if label == "" {
				label = "@" + strings.SplitN(id, "^", 2)[0]
			}
			out = appendText(out, label)
		default:
			url := html.UnescapeString(id)
			if label == "" {
				label = strings.TrimPrefix(url, "mailto:")
			}
			if isLink(url) {
				out = append(out, Part{Text: label, URL: url})
			} else {
				out = appendText(out, label)
			}
		}
		rest = rest[loc[1]:]
	}
	return out
}

// PlainText is a message as Parts reads it, in one string: what a
// notification shows ("@pat prod down 🔥"), a link as its label.
func PlainText(text string, names map[string]string) string {
	var b strings.Builder
	for _, p := range Parts(text, names) {
		b.WriteString(p.Text)
	}
	return b.String()
}

// isLink tells a URL worth opening from other markup.
func isLink(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "mailto:")
}

// appendText adds text to the last part when that is text too.
func appendText(ps []Part, s string) []Part {
	if s == "" {
		return ps
	}
	if n := len(ps); n > 0 && ps[n-1].URL == "" {
		ps[n-1].Text += s
		return ps
	}
	return append(ps, Part{Text: s})
}

// emojify replaces the emoji codes people use most with their emoji and
// drops other codes (custom emoji, skin tones), which read as noise. A
// code must have a letter, so "10:30:00" stays as it is.
func emojify(s string) string {
	return emojiCode.ReplaceAllStringFunc(s, func(code string) string {
		name := code[1 : len(code)-1]
		if e, ok := emoji[name]; ok {
			return e
		}
		if !strings.ContainsFunc(name, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
			return code
		}
		return ""
	})
}

// emoji are the common Slack emoji codes.
var emoji = map[string]string{
	"+1": "👍", "thumbsup": "👍", "-1": "👎", "thumbsdown": "👎", "tada": "🎉", "smile": "😄", "smiley": "😃",
	"slightly_smiling_face": "🙂", "grinning": "😀", "joy": "😂", "laughing": "😆", "wink": "😉", "blush": "😊",
	"heart": "❤️", "fire": "🔥", "rocket": "🚀", "eyes": "👀", "pray": "🙏", "clap": "👏", "wave": "👋",
	"white_check_mark": "✅", "heavy_check_mark": "✔️", "x": "❌", "warning": "⚠️", "rotating_light": "🚨",
	"thinking_face": "🤔", "sweat_smile": "😅", "cry": "😢", "sob": "😭", "100": "💯", "raised_hands": "🙌",
	"ok_hand": "👌", "muscle": "💪", "sparkles": "✨", "star": "⭐", "bulb": "💡", "memo": "📝", "calendar": "📅",
	"point_right": "👉", "point_up": "☝️", "question": "❓", "exclamation": "❗", "coffee": "☕", "bug": "🐛",
	"ship": "🚢", "hourglass": "⌛", "pushpin": "📌", "link": "🔗", "lock": "🔒", "zap": "⚡", "party_popper": "🎉",
	"slightly_frowning_face": "🙁", "upside_down_face": "🙃", "see_no_evil": "🙈", "heart_eyes": "😍",
}
