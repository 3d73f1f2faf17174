package inbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/headsdown-app/headsdown/store"
)

// Directory resolves Slack user IDs to handles and names, cached in the
// database. A failed lookup is logged and answered with the ID, and not
// retried for ten minutes.
type Directory struct {
	api    *slack.Client
	store  *store.Store
	log    *slog.Logger
	mu     sync.Mutex
	users  map[string]store.User
	failed map[string]time.Time
	loaded bool
}

// NewDirectory returns a directory over api and the store's cache.
func NewDirectory(api *slack.Client, st *store.Store, log *slog.Logger) *Directory {
	return &Directory{api: api, store: st, log: log, users: map[string]store.User{}, failed: map[string]time.Time{}}
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
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.users[id].Name
}

// CachedName is Name from memory only, for callers that must wait on
// neither Slack nor the database (the app's loop). The intake loads the
// cache when it starts and looks every new sender up before it hands
// their pings on, so the cache has them.
func (d *Directory) CachedName(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if u, ok := d.users[id]; ok {
		return displayName(u)
	}
	return id
}

// Load fills the cache from the database; the intake calls it first thing,
// on its own goroutine.
func (d *Directory) Load(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.loadLocked(ctx)
}

// loadLocked fills the cache from the database once; d.mu is held.
func (d *Directory) loadLocked(ctx context.Context) {
	if !d.loaded && d.store != nil {
		if us, err := d.store.Users(ctx); err == nil {
			d.users, d.loaded = us, true
		}
	}
}

// Remember caches a user known without asking Slack (you, from
// auth.test), unless the cache knows them already, so the review window
// can show a mention of you as your handle, not your ID.
func (d *Directory) Remember(ctx context.Context, u store.User) {
	d.mu.Lock()
	d.loadLocked(ctx)
	_, known := d.users[u.ID]
	if !known {
		d.users[u.ID] = u
	}
	d.mu.Unlock()
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
	d.mu.Lock()
	d.loadLocked(ctx)
	u, known := d.users[id]
	t, failed := d.failed[id]
	d.mu.Unlock()
	if known {
		return u
	}
	if failed && time.Since(t) < 10*time.Minute {
		return store.User{ID: id}
	}
	// Not under the lock: CachedName must never wait on this call.
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
	d.mu.Lock()
	d.users[id] = u
	d.mu.Unlock()
	if d.store != nil {
		if err := d.store.PutUser(ctx, u); err != nil {
			d.log.Warn("Slack user name not cached", "err", err)
		}
	}
	return u
}
