package presence

import "strings"

// Two computers, one Slack account (issue 19): a work laptop and a home
// desktop may both run Heads Down. Slack's profile fields carry no
// metadata, so a status cannot say which program set it; what one install
// can tell is that a status was made the way Heads Down makes them: it
// expires (every status Heads Down sets does; a user's own rarely does),
// shows one of the user's Heads Down emoji, and reads like one of the
// texts up to its first placeholder ("Heads down until …"). Such a status
// on Slack when this install takes over is not the user's own: another
// install (or a run of this one whose record was lost) set it, and the
// one that set it restores what was there before. Saving it as "yours"
// would put the other computer's busy status back after this block.

// Kin reports whether st is a status Heads Down sets under the texts t:
// an expiring status with one of t's emoji whose text starts the way
// that emoji's template starts.
func (t Texts) Kin(st Status) bool {
	if st.Expiration == 0 || st.empty() {
		return false
	}
	for _, k := range [][2]string{{t.FocusText, t.FocusEmoji}, {t.AFKText, t.AFKEmoji}, {t.OffHoursText, t.OffHoursEmoji},
		{t.AwayText, t.AwayEmoji}, {t.MeetingText, t.MeetingEmoji}} {
		text, emoji := k[0], k[1]
		if text == "" && emoji == "" || emoji != st.Emoji {
			continue
		}
		if strings.HasPrefix(norm(st.Text), norm(literalPrefix(text))) {
			return true
		}
	}
	return false
}

// literalPrefix is a template's text before its first placeholder: the
// part every rendering of it shares.
func literalPrefix(tmpl string) string {
	if i := strings.IndexByte(tmpl, '{'); i >= 0 {
		return tmpl[:i]
	}
	return tmpl
}

// norm folds runs of spaces as Render does, so "Heads down  until" in a
// template still matches what Slack shows.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }
