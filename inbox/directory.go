package inbox

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/store"
)

// Directory resolves Slack user IDs to handles and names, cached in the
// database. A failed lookup is logged and answered with the ID, and not
// retried for ten minutes.
//
// The app's loop reads names from memory (CachedName) and must never wait
// for SQL or Slack: the cache is an immutable map behind an atomic
// pointer, replaced whole by writers, so readers take no lock at all; and
// the writers' lock is never held across a database or Slack call (the
// database may be locked by another program for busy_timeout, 5 s).
type Directory struct {
	api   *slack.Client
	store *store.Store
	log   *slog.Logger
	// users is the cache: never modified in place, replaced under mu.
	users atomic.Pointer[map[string]store.User]
	// mu serialises writers of users and guards failed; held only for
	// map work, never across I/O.
	mu     sync.Mutex
	failed map[string]time.Time
	// loadMu lets one goroutine read the cache from the database at a
	// time; readers of the cache never take it.
	loadMu sync.Mutex
	loaded atomic.Bool
	// pace, when set, is waited on before each users.info (the intake's
	// pacer); false means give up (ctx ended).
	pace func(ctx context.Context, method string) bool
}

// NewDirectory returns a directory over api and the store's cache.
func NewDirectory(api *slack.Client, st *store.Store, log *slog.Logger) *Directory {
	d := &Directory{api: api, store: st, log: log, failed: map[string]time.Time{}}
	d.users.Store(&map[string]store.User{})
	return d
}

// cached is the user from memory, without any lock.
func (d *Directory) cached(id string) (store.User, bool) {
	u, ok := (*d.users.Load())[id]
	return u, ok
}

// add puts users into the cache (a new map: readers keep the old one);
// with keep, users already cached are not replaced.
func (d *Directory) add(keep bool, us ...store.User) {
	d.mu.Lock()
	defer d.mu.Unlock()
	next := maps.Clone(*d.users.Load())
	for _, u := range us {
		if _, known := next[u.ID]; keep && known {
			continue
		}
		next[u.ID] = u
	}
	d.users.Store(&next)
}

// Handle is the user's handle ("ana"), or "" if unknown.
func (d *Directory) Handle(ctx context.Context, id string) string {
	return d.lookup(ctx, id).Name
}

// Name is what to call a user in a notification: the real name, else the
// handle, else the ID. It may ask Slack.
func (d *Directory) Name(ctx context.Context, id string) string {
	return displayName(d.lookup(ctx, id))
}

// CachedHandle is Handle without asking Slack: "" when not yet known.
func (d *Directory) CachedHandle(id string) string {
	u, _ := d.cached(id)
	return u.Name
}

// settled reports whether the user is cached or a lookup of them failed
// in the last ten minutes: asking Slack again now would be no use.
func (d *Directory) settled(id string) bool {
	if _, ok := d.cached(id); ok {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	t, failed := d.failed[id]
	return failed && time.Since(t) < 10*time.Minute
}

// CachedName is Name from memory only, for callers that must wait on
// neither Slack nor the database (the app's loop). The intake loads the
// cache when it starts and looks every new sender up before it hands
// their pings on, so the cache has them.
func (d *Directory) CachedName(id string) string {
	if u, ok := d.cached(id); ok {
		return displayName(u)
	}
	return id
}

// Load fills the cache from the database once; the intake calls it first
// thing, on its own goroutine. The query runs with no lock that a reader
// of the cache takes; users cached meanwhile (fresher) are kept.
func (d *Directory) Load(ctx context.Context) {
	if d.loaded.Load() || d.store == nil {
		return
	}
	d.loadMu.Lock()
	defer d.loadMu.Unlock()
	if d.loaded.Load() {
		return
	}
	us, err := d.store.Users(ctx)
	if err != nil {
		d.log.Debug("Slack user names not read from the cache; asking Slack as needed", "err", err)
		return
	}
	d.add(true, slices.Collect(maps.Values(us))...)
	d.loaded.Store(true)
}

// Remember caches a user known without asking Slack (you, from
// auth.test), unless the cache knows them already, so the review window
// can show a mention of you as your handle, not your ID.
func (d *Directory) Remember(ctx context.Context, u store.User) {
	d.Load(ctx)
	_, known := d.cached(u.ID)
	if !known {
		d.add(true, u)
	}
	if !known && d.store != nil {
		if err := d.store.PutUser(ctx, u); err != nil {
			d.log.Warn("Slack user name not cached", "err", err)
		}
	}
}

func displayName(u store.User) string {
	switch {
	case u.RealName != "":
		return u.RealName
	case u.Name != "":
		return u.Name
	}
	return u.ID
}

func (d *Directory) lookup(ctx context.Context, id string) store.User {
	d.Load(ctx)
	u, known := d.cached(id)
	d.mu.Lock()
	t, failed := d.failed[id]
	d.mu.Unlock()
	if known {
		return u
	}
	if failed && time.Since(t) < 10*time.Minute {
		return store.User{ID: id}
	}
	// Not under the lock: CachedName must never wait on this call.
	if d.pace != nil && !d.pace(ctx, "users.info") {
		return store.User{ID: id}
	}
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := d.api.GetUserInfoContext(lctx, id)
	if err != nil {
		d.mu.Lock()
		d.failed[id] = time.Now()
		d.mu.Unlock()
		d.log.Warn("Slack user name not found; showing the ID", "user", id, "err", err)
		return store.User{ID: id}
	}
	u = store.User{ID: id, Name: info.Name, RealName: info.RealName, FetchedAt: time.Now()}
	if u.RealName == "" {
		u.RealName = info.Profile.RealName
	}
	d.add(false, u)
	if d.store != nil {
		if err := d.store.PutUser(ctx, u); err != nil {
			d.log.Warn("Slack user name not cached", "err", err)
		}
	}
	return u
}
