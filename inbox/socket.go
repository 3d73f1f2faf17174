package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/headsdown-app/headsdown/slackapi"
)

// runSocket keeps a Socket Mode connection; it returns only when ctx ends
// or Slack refuses the app token.
func (in *Intake) runSocket(ctx context.Context) error {
	wait := in.opts.Backoff
	for ctx.Err() == nil {
		if _, aside := in.awayNow(); aside {
			in.standAside(ctx)
			continue
		}
		in.setState(IntakeState{Mode: "socket", Problem: in.State().Problem})
		api := slack.New(in.opts.UserToken, slack.OptionAPIURL(in.opts.APIURL), slack.OptionAppLevelToken(in.opts.AppToken),
			slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}))
		client := socketmode.New(api)
		runCtx, cancel := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- client.RunContext(runCtx) }()
		err := in.events(runCtx, client, errc)
		cancel()
		// The client always ends before the next one starts (or Run returns).
		if runErr := <-errc; err == nil {
			err = runErr
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, errStandAside) || errors.Is(err, errRecheck) {
			wait = in.opts.Backoff
			continue // a connection closed on purpose: no failure, no wait
		}
		if f := slackapi.Classify(err); f.Kind == slackapi.Auth || errors.Is(err, errAppToken) {
			return fmt.Errorf("%w: %v", errAppToken, err)
		}
		in.opts.Log.Warn("Socket Mode connection failed; reconnecting", "err", slackapi.Redact(err.Error(), in.opts.AppToken), "in", wait)
		in.setState(IntakeState{Mode: "socket", Problem: "Slack not reachable; reconnecting"})
		if !slackapi.Sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = min(wait*2, time.Minute)
	}
	return ctx.Err()
}

// events handles one client's events until its run ends. A nil return
// means errc has the reason.
func (in *Intake) events(ctx context.Context, client *socketmode.Client, errc chan error) error {
	recheck, stop := in.awayTimer()
	defer func() { stop() }()
	for {
		var evt socketmode.Event
		select {
		case err := <-errc:
			errc <- err
			return nil
		case <-in.two.changed:
			if _, aside := in.awayNow(); aside {
				return errStandAside
			}
			stop()
			recheck, stop = in.awayTimer()
			continue
		case <-recheck:
			return errRecheck
		case evt = <-client.Events:
		}
		batch := []socketmode.Event{evt}
		// Take what else is already waiting: one transaction for all
		// of them is what makes intake fast.
	drain:
		for len(batch) < 256 {
			select {
			case e := <-client.Events:
				batch = append(batch, e)
			default:
				break drain
			}
		}
		if err := in.handle(ctx, client, batch); err != nil {
			return err
		}
	}
}

func (in *Intake) handle(ctx context.Context, client *socketmode.Client, batch []socketmode.Event) error {
	var apiEvents []socketmode.Event
	for _, evt := range batch {
		switch evt.Type {
		case socketmode.EventTypeEventsAPI:
			apiEvents = append(apiEvents, evt)
			continue
		}
		if len(apiEvents) > 0 { // keep order: store what came before a connect
			if err := in.acceptEvents(ctx, client, apiEvents); err != nil {
				return err
			}
			apiEvents = nil
		}
		switch evt.Type {
		case socketmode.EventTypeConnected:
			in.ackDead = false
			in.opts.Log.Info("Socket Mode connected")
			in.setState(IntakeState{Mode: "socket", Connected: true})
			in.connected(ctx)
		case socketmode.EventTypeHello:
			// num_connections counts ours too.
			if evt.Request != nil {
				in.setOthers(evt.Request.NumConnections - 1)
				if evt.Request.NumConnections > 1 {
					in.opts.Log.Info("inbox: Heads Down is connected to Slack from another computer too", "connections", evt.Request.NumConnections)
				}
			}
			if _, aside := in.awayNow(); aside {
				return errStandAside
			}
		case socketmode.EventTypeConnectionError:
			in.setState(IntakeState{Mode: "socket", Problem: "Slack connection lost; reconnecting"})
		case socketmode.EventTypeInvalidAuth:
			return errAppToken
		case socketmode.EventTypeErrorBadMessage:
			bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if bad != nil {
				_ = json.Unmarshal(bad.Message, &env)
				in.opts.Log.Warn("inbox: malformed Socket Mode message skipped", "err", bad.Cause, "envelope", env.EnvelopeID, "bytes", len(bad.Message))
			}
			if env.EnvelopeID != "" {
				// Acknowledged so Slack does not resend it forever; were it
				// a real message, the next backfill still finds it.
				in.ack(ctx, client, env.EnvelopeID)
			}
		default:
			if evt.Request != nil && evt.Request.EnvelopeID != "" {
				in.ack(ctx, client, evt.Request.EnvelopeID)
			}
		}
	}
	if len(apiEvents) > 0 {
		return in.acceptEvents(ctx, client, apiEvents)
	}
	return nil
}

// acceptEvents stores a batch of Events API envelopes, acknowledges them
// at once, and only then queues the new pings for the handover (names,
// the app). If the inbox cannot be written nothing is acknowledged and
// the connection is dropped, so Slack delivers them again.
func (in *Intake) acceptEvents(ctx context.Context, client *socketmode.Client, evts []socketmode.Event) error {
	var msgs []Message
	for _, evt := range evts {
		api, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			continue
		}
		m, ok := api.InnerEvent.Data.(*slackevents.MessageEvent)
		if !ok {
			in.opts.Log.Debug("inbox: event ignored", "type", api.InnerEvent.Type)
			continue
		}
		msgs = append(msgs, Message{Channel: m.Channel, ChannelType: m.ChannelType, TS: m.TimeStamp, User: m.User,
			Text: m.Text, SubType: m.SubType, BotID: m.BotID, ThreadTS: m.ThreadTimeStamp})
	}
	added, err := in.write(ctx, msgs)
	if err != nil {
		in.opts.Log.Error("inbox not saved; Slack will deliver again", "err", err)
		in.setState(IntakeState{Mode: "socket", Problem: "inbox not saved: " + err.Error()})
		slackapi.Sleep(ctx, in.opts.Backoff)
		return fmt.Errorf("inbox not saved: %w", err)
	}
	for _, evt := range evts {
		if evt.Request != nil && !in.ack(ctx, client, evt.Request.EnvelopeID) {
			break // the connection is gone; Slack redelivers the rest
		}
	}
	in.pass(added)
	return nil
}

// ack acknowledges an envelope. It never waits long: on a connection that
// just died the ack is lost, Slack delivers the envelope again on the next
// one, and the inbox ignores the duplicate. (An unbounded Ack would wait
// for a reconnect that waits for us to read its events.)
func (in *Intake) ack(ctx context.Context, client *socketmode.Client, envelopeID string) bool {
	if in.ackDead {
		return false
	}
	actx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := client.AckCtx(actx, envelopeID, nil); err != nil {
		in.opts.Log.Debug("inbox: ack not sent; Slack will deliver again", "envelope", envelopeID, "err", err)
		in.ackDead = true
		return false
	}
	return true
}
