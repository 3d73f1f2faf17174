package slackapi

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	names := map[string]string{"U1": "ana"}
	for in, want := range map[string]string{
		"<@U1> see <#C9|ops>":             "@ana see #ops",
		"<@U2|bo> &amp; <@U3>":            "@bo & @U3",
		"<!here> read <https://x.y|this>": "@here read this",
		"<https://x.y/z>":                 "https://x.y/z",
		"<!subteam^S1|@devs> ping":        "@devs ping",
		"a &lt;b&gt; c":                   "a <b> c",
	} {
		if got := PlainText(in, names); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMentioned(t *testing.T) {
	got := Mentioned("<@U1> hi <@U2|bo> <#C1|eng> <@U1> <!here> <@U3> <@U4>", 3)
	if strings.Join(got, ",") != "U1,U2,U3" {
		t.Fatalf("mentioned %q", got)
	}
	if Mentioned("no mentions", 5) != nil {
		t.Fatal("mentions in plain text")
	}
}
