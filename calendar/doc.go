// Package calendar turns ICS feeds (a secret address from Google, Outlook, Fastmail,
// Nextcloud or iCloud, or a local .ics file) into the plain answer the app loop needs:
// which stretches of time are busy.
//
// It reads with kept libraries (github.com/arran4/golang-ical for the text,
// github.com/teambition/rrule-go for recurrence) and adds what they leave to the caller:
// expanding only a window (a fortnight, not years of history) with a cap per feed,
// swapping in moved occurrences (RECURRENCE-ID), Outlook's "Customized Time Zone"
// feeds, and the busy filter (free, cancelled, declined, all-day and, if asked,
// tentative events are not busy).
//
// Fetching (fetch.go) is cached and conditional, and a failed fetch never empties a
// calendar that was read before: the last good copy stays on disk and is used until a
// new one parses. Nothing here touches the GUI or the app's state; the app calls it
// from a supervised goroutine and hands the result to its loop.
package calendar
