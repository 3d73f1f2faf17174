// The review section: when held pings are delivered and what breaks
// through before then.

package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/headsdown-app/headsdown/app/config"
)

func (v *SettingsView) reviewTab(cfg config.Config) fyne.CanvasObject {
	p := cfg.Pings
	v.Batch = check("Hold Slack DMs and mentions and deliver them in review windows", p.Batch)
	v.HoldAllDay = check("Hold them all day between review windows, not only during focus", p.HoldAllDay)
	v.ReviewAfterFocus = check("Review at the end of each focus block", p.ReviewAfterFocus)
	v.ChannelWide = check("Count @here, @channel and @everyone as mentions", p.ChannelWide)
	v.AutoReply = check("Reply once to each person who writes during a focus block (posts as you)", p.AutoReply)
	for _, c := range []*Check{v.Batch, v.HoldAllDay, v.ReviewAfterFocus, v.ChannelWide, v.AutoReply} {
		c.OnChanged = func(bool) { v.refresh() }
	}
	v.ReviewTimes = entry(strings.Join(p.ReviewTimes, ", "), "10:30, 13:30, 16:30")
	v.ReviewEvery = entry(strconv.Itoa(p.ReviewEveryMinutes), "0")
	v.VIPs = entry(strings.Join(p.VIPs, ", "), "@ana, U024BE7LH")
	v.Keywords = entry(strings.Join(p.Keywords, ", "), "urgent, incident, prod down")
	v.Retention = entry(strconv.Itoa(p.RetentionDays), "14")
	v.AutoReplyText = NewMultiLineEntry()
	v.AutoReplyText.Wrapping = fyne.TextWrapWord
	v.AutoReplyText.SetMinRowsVisible(2)
	v.AutoReplyText.SetText(p.AutoReplyText)
	v.AutoReplyText.SetPlaceHolder(config.DefaultAutoReplyText)
	form := widget.NewForm(
		v.add("pings.review_times", "Review at", "times of day, on working days", v.ReviewTimes, func(text string, c *config.Config) error {
			c.Pings.ReviewTimes = list(text) // each is checked by config.Validate
			return nil
		}),
		v.add("pings.review_every_minutes", "And every", "minutes of working time (0 = off)", v.ReviewEvery, func(text string, c *config.Config) error {
			n, err := wholeNumber(text)
			c.Pings.ReviewEveryMinutes = n
			return err
		}),
		v.add("pings.vips", "VIP senders", "@handles or member IDs; they always break through", v.VIPs, func(text string, c *config.Config) error {
			c.Pings.VIPs = list(text)
			return nil
		}),
		v.add("pings.keywords", "Keywords", "any case; a message with one breaks through", v.Keywords, func(text string, c *config.Config) error {
			c.Pings.Keywords = list(text)
			return nil
		}),
		v.add("pings.retention_days", "Keep texts for", "days; counts are kept for reports", v.Retention, func(text string, c *config.Config) error {
			n, err := wholeNumber(text)
			c.Pings.RetentionDays = n
			return err
		}),
	)
	reply := widget.NewForm(
		v.add("pings.auto_reply_text", "Reply", "{until}, {next_review}, {reply_by}, {keyword}; starts with (auto)", v.AutoReplyText,
			func(text string, c *config.Config) error {
				c.Pings.AutoReplyText = text
				return nil
			}),
	)
	note := widget.NewLabel("Message texts stay on this computer. Review windows fall only inside working hours; " +
		"one that comes during focus waits for the block's end.")
	note.Wrapping = fyne.TextWrapWord
	replyNote := widget.NewLabel("The reply goes to the first DM or mention from each person in a focus block, in its thread, " +
		"never to VIPs, bots or messages that broke through. It needs the chat:write scope.")
	replyNote.Wrapping = fyne.TextWrapWord
	return container.NewVBox(v.Batch, v.HoldAllDay, v.ReviewAfterFocus, form, v.ChannelWide, note,
		widget.NewSeparator(), v.AutoReply, reply, replyNote)
}
