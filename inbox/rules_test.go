package inbox

import "testing"

func TestPingRules(t *testing.T) {
	r := PingRules{SelfID: "U0001", VIPs: []string{"@boss", "U0099"}, Keywords: []string{"urgent", "Prod Down"}}
	for _, c := range []struct {
		m    Message
		kind string
	}{
		{Message{ChannelType: "im", User: "U2", Text: "hi"}, "im"},
		{Message{ChannelType: "mpim", User: "U2", Text: "lunch?"}, "mpim"},
		{Message{ChannelType: "channel", User: "U2", Text: "<@U0001> can you look"}, "mention"},
		{Message{ChannelType: "group", User: "U2", Text: "cc <@U0001|ana>"}, "mention"},
		{Message{ChannelType: "channel", User: "U2", Text: "<@U00011> is someone else"}, ""},
		{Message{ChannelType: "channel", User: "U2", Text: "<!here> standup"}, ""},
		{Message{ChannelType: "im", User: "U0001", Text: "my own reply"}, ""},
		{Message{ChannelType: "im", User: "U2", BotID: "B1", Text: "bot"}, ""},
		{Message{ChannelType: "im", User: "U2", SubType: "message_changed"}, ""},
		{Message{ChannelType: "im", User: "U2", SubType: "thread_broadcast", Text: "x"}, "im"},
		{Message{ChannelType: "im", Text: "no user"}, ""},
		{Message{ChannelType: "app_home", User: "U2", Text: "x"}, ""},
	} {
		if got := r.Classify(c.m); got != c.kind {
			t.Errorf("Classify(%+v) = %q, want %q", c.m, got, c.kind)
		}
	}
	r.ChannelWide = true
	if r.Classify(Message{ChannelType: "channel", User: "U2", Text: "<!channel> deploy"}) != "mention" {
		t.Error("@channel not a mention with ChannelWide")
	}
	for _, c := range []struct {
		m      Message
		handle string
		want   string
	}{
		{Message{User: "U5", Text: "the PROD DOWN alarm"}, "", `keyword "Prod Down"`},
		{Message{User: "U5", Text: "Urgent: <https://x|link>"}, "", `keyword "urgent"`},
		{Message{User: "U5", Text: "fyi"}, "Boss", "VIP @boss"},
		{Message{User: "U0099", Text: "fyi"}, "", "VIP U0099"},
		{Message{User: "U5", Text: "the production is down"}, "bo", ""},
	} {
		if got := r.Bypass(c.m, c.handle); got != c.want {
			t.Errorf("Bypass(%q from %s) = %q, want %q", c.m.Text, c.handle, got, c.want)
		}
	}
}
