package pinglist

import (
	"reflect"
	"testing"
)

func TestParts(t *testing.T) {
	names := map[string]string{"U0SELF": "pat", "U2": "bo"}
	cases := []struct {
		in   string
		want []Part
	}{
		{"<@U0SELF> can you look?", []Part{{Text: "@pat can you look?"}}},
		{"<@U9> and <@U9|old> and <@U2|bob>", []Part{{Text: "@U9 and @old and @bo"}}},
		{"in <#C1|eng> <!here> <!subteam^S1|@devs>", []Part{{Text: "in #eng @here @devs"}}},
		{"shipped :tada: :+1::skin-tone-2: :custom_party: at 10:30:00", []Part{{Text: "shipped 🎉 👍  at 10:30:00"}}},
		{"see <https://x.test/a?b=1&amp;c=2|the doc> now", []Part{{Text: "see "}, {Text: "the doc", URL: "https://x.test/a?b=1&c=2"}, {Text: " now"}}},
		{"<https://x.test/p>", []Part{{Text: "https://x.test/p", URL: "https://x.test/p"}}},
		{"mail <mailto:a@b.test|a@b.test>", []Part{{Text: "mail "}, {Text: "a@b.test", URL: "mailto:a@b.test"}}},
		{"bare https://x.test/a:b:c, then text", []Part{{Text: "bare "}, {Text: "https://x.test/a:b:c", URL: "https://x.test/a:b:c"}, {Text: ", then text"}}},
		{"PR ready &amp; green &lt;3", []Part{{Text: "PR ready & green <3"}}},
		{"", nil},
	}
	for _, c := range cases {
		if got := Parts(c.in, names); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parts(%q) =\n  %q\nwant\n  %q", c.in, got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	names := map[string]string{"U0SELF": "pat"}
	for in, want := range map[string]string{
		"<@U0SELF> prod down :fire:":               "@pat prod down 🔥",
		"see <https://x.example/a|the doc> :tada:": "see the doc 🎉",
		"<!here> deploy at 10:30:00":               "@here deploy at 10:30:00",
		"<@U0OTHER> in <#C1|eng>":                  "@U0OTHER in #eng",
	} {
		if got := PlainText(in, names); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A group DM is named by its members (issue 20: "Group DM" said nothing).
func TestGroupDMName(t *testing.T) {
	known := map[string]string{"ana": "Ana Lima", "bo": "Bo Chen"}
	for name, want := range map[string]string{
		"mpdm-ana--bo--cy-1":  "Group DM: Ana Lima, Bo Chen and cy",
		"mpdm-ana--bo-1":      "Group DM: Ana Lima and Bo Chen",
		"mpdm-ana.x--bo-2":    "Group DM: ana.x and Bo Chen",
		"mpdm-a-b--c-d--e-12": "Group DM: a-b, c-d and e",
		"":                    "Group DM",
		"something-else":      "Group DM",
	} {
		if got := groupDMName(name, known); got != want {
			t.Errorf("groupDMName(%q) = %q, want %q", name, got, want)
		}
	}
}
