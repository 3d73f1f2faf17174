package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations[i] takes the schema from version i to i+1. Append only: never
// edit a migration that has shipped, since users' files already ran it.
var migrations = []string{
	// 1: blocks, their transitions and the engine's long-break cycle.
	`CREATE TABLE blocks (
		id            INTEGER PRIMARY KEY,
		kind          TEXT    NOT NULL CHECK (kind IN ('focus', 'short_break', 'long_break')),
		plan          TEXT    NOT NULL DEFAULT '',
		tag           TEXT    NOT NULL DEFAULT '',
		started_at    INTEGER NOT NULL, -- Unix milliseconds, as every instant here
		planned_ms    INTEGER NOT NULL,
		deadline      INTEGER,          -- NULL while paused
		remaining_ms  INTEGER NOT NULL DEFAULT 0,
		paused_at     INTEGER,
		active_ms     INTEGER NOT NULL DEFAULT 0,
		paused_ms     INTEGER NOT NULL DEFAULT 0,
		suspended_ms  INTEGER NOT NULL DEFAULT 0,
		pauses        INTEGER NOT NULL DEFAULT 0,
		checkpoint_at INTEGER NOT NULL,
		ended_at      INTEGER,          -- NULL while in flight
		outcome       TEXT CHECK (outcome IN ('completed', 'stopped'))
	) STRICT;
	-- Reports select by start time: a week costs the same with ten years of history.
	CREATE INDEX blocks_by_start ON blocks (started_at);
	-- At most one block is in flight.
	CREATE UNIQUE INDEX blocks_one_open ON blocks ((ended_at IS NULL)) WHERE ended_at IS NULL;

	CREATE TABLE transitions (
		id         INTEGER PRIMARY KEY,
		at         INTEGER NOT NULL,
		reason     TEXT    NOT NULL,
		from_state TEXT    NOT NULL,
		to_state   TEXT    NOT NULL,
		block_id   INTEGER REFERENCES blocks (id)
	) STRICT;
	CREATE INDEX transitions_by_at ON transitions (at);

	CREATE TABLE engine (
		id    INTEGER PRIMARY KEY CHECK (id = 1),
		cycle INTEGER NOT NULL DEFAULT 0
	) STRICT;
	INSERT INTO engine (id, cycle) VALUES (1, 0);`,

	// 2: small named values the app keeps across restarts (Slack presence
	// bookkeeping, AFK). Never secrets: tokens live in the OS keyring.
	`CREATE TABLE kv (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) STRICT;`,

	// 3: reports. Each block's active stretches ([[start_ms, end_ms], ...]),
	// so focus splits exactly across days and hours; blocks written before
	// this version count as one stretch from their start. And pings: one
	// row per Slack message held for review, deduplicated on (channel, ts).
	// text is NULL once retention purges it; the metrics stay for reports.
	`ALTER TABLE blocks ADD COLUMN segments TEXT NOT NULL DEFAULT '';

	CREATE TABLE pings (
		id          INTEGER PRIMARY KEY,
		channel     TEXT    NOT NULL,
		ts          TEXT    NOT NULL,
		user_id     TEXT    NOT NULL DEFAULT '',
		kind        TEXT    NOT NULL DEFAULT 'im' CHECK (kind IN ('im', 'mpim', 'mention')),
		text        TEXT,
		received_at INTEGER NOT NULL,
		bypassed    INTEGER NOT NULL DEFAULT 0,
		reviewed_at INTEGER,
		UNIQUE (channel, ts)
	) STRICT;
	CREATE INDEX pings_by_received ON pings (received_at);`,

	// 4: the inbox. held: whether the ping waited for a review window (0
	// when it came while you were free and Slack showed it itself).
	// delivered_at: when a digest or a breakthrough told you. reason: why
	// it broke through. Conversations hold each one's name and the newest
	// message seen, from which every (re)connect backfills; users cache
	// sender names.
	`ALTER TABLE pings ADD COLUMN held INTEGER NOT NULL DEFAULT 1;
	ALTER TABLE pings ADD COLUMN delivered_at INTEGER;
	ALTER TABLE pings ADD COLUMN reason TEXT NOT NULL DEFAULT '';
	CREATE INDEX pings_undelivered ON pings (received_at) WHERE delivered_at IS NULL;
	CREATE INDEX pings_unreviewed ON pings (received_at) WHERE reviewed_at IS NULL;

	CREATE TABLE conversations (
		id      TEXT PRIMARY KEY,
		kind    TEXT NOT NULL DEFAULT '',
		name    TEXT NOT NULL DEFAULT '',
		last_ts TEXT NOT NULL DEFAULT ''
	) STRICT;

	CREATE TABLE slack_users (
		id         TEXT PRIMARY KEY,
		name       TEXT NOT NULL,
		real_name  TEXT NOT NULL DEFAULT '',
		fetched_at INTEGER NOT NULL
	) STRICT;`,

	// 5: time away. away_ms is the part of paused_ms spent paused because
	// the user was away (screen lock, sleep, idle, Away), away_segments its
	// stretches ([[start_ms, end_ms], ...], as segments), so reports split
	// it across days. pause_reason is why the block in flight is paused:
	// after a restart, coming back still resumes a block that going away
	// paused, and counts that pause as away. Older rows get '' and no away
	// time: the engine then had no away pause, so their pauses were manual.
	`ALTER TABLE blocks ADD COLUMN away_ms INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE blocks ADD COLUMN away_segments TEXT NOT NULL DEFAULT '';
	ALTER TABLE blocks ADD COLUMN pause_reason TEXT NOT NULL DEFAULT ''
		CHECK (pause_reason IN ('', 'manual', 'away'));`,

	// 6: auto-replies, one row per reply Heads Down meant to send: the
	// focus block (id and start) it belongs to, the sender, the message it
	// answers (channel, ts: the reply's thread) and the exact text. The row
	// is written before anything is sent, so the "already replied" memory
	// survives a restart, and UNIQUE (block_id, user_id) makes "at most
	// once per sender per block" a property of the file, not of the code.
	// status: queued (not tried yet), sending (a call is or was under way),
	// sent, unknown (the call went out but its answer was lost: never
	// resent), failed (Slack refused it), skipped (not sent on purpose).
	`CREATE TABLE auto_replies (
		id          INTEGER PRIMARY KEY,
		block_id    INTEGER NOT NULL,
		block_start INTEGER NOT NULL,
		user_id     TEXT    NOT NULL,
		channel     TEXT    NOT NULL,
		ts          TEXT    NOT NULL,
		text        TEXT    NOT NULL,
		queued_at   INTEGER NOT NULL,
		status      TEXT    NOT NULL DEFAULT 'queued'
			CHECK (status IN ('queued', 'sending', 'sent', 'unknown', 'failed', 'skipped')),
		attempts    INTEGER NOT NULL DEFAULT 0,
		sent_at     INTEGER,
		reply_ts    TEXT    NOT NULL DEFAULT '',
		error       TEXT    NOT NULL DEFAULT '',
		UNIQUE (block_id, user_id)
	) STRICT;
	CREATE INDEX auto_replies_by_message ON auto_replies (channel, ts);
	CREATE INDEX auto_replies_open ON auto_replies (id) WHERE status IN ('queued', 'sending');`,

	// 7: threads and pings that stop waiting. thread_ts is the parent
	// message of a ping posted inside a thread ('' for a message that is
	// not a thread reply): an auto-reply goes to that thread, where Slack
	// wants it. read_at: the user read the ping in Slack (the
	// conversation's last_read passed it), noticed then; expired_at: it
	// waited longer than Heads Down lets anything wait. Either way it no
	// longer waits for review, and reviewed_at stays for what the user
	// marked. Older rows get '' and NULL: they wait as before until the
	// next check. The index is what "waiting" reads.
	`ALTER TABLE pings ADD COLUMN thread_ts TEXT NOT NULL DEFAULT '';
	ALTER TABLE pings ADD COLUMN read_at INTEGER;
	ALTER TABLE pings ADD COLUMN expired_at INTEGER;
	CREATE INDEX pings_waiting ON pings (received_at)
		WHERE held = 1 AND reviewed_at IS NULL AND read_at IS NULL AND expired_at IS NULL;
	ALTER TABLE auto_replies ADD COLUMN thread_ts TEXT NOT NULL DEFAULT '';`,

	// 8: a history the user can correct and merge. uid is a block's
	// stable unique id (32 hex digits, random), the same on every computer
	// its export is imported on, where the integer id is only this file's
	// own; every older row gets one here. manual: the user added the block
	// by hand or changed it; original_start/original_end keep its times
	// from before the first edit (NULL when never edited). deleted_at: the
	// user deleted it (reports and lists skip it; restore clears it), so a
	// delete can be undone and nothing is lost. And a covering index for
	// the ping figures of long reports.
	`ALTER TABLE blocks ADD COLUMN uid TEXT NOT NULL DEFAULT '';
	UPDATE blocks SET uid = lower(hex(randomblob(16))) WHERE uid = '';
	CREATE UNIQUE INDEX blocks_by_uid ON blocks (uid) WHERE uid != '';
	ALTER TABLE blocks ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE blocks ADD COLUMN original_start INTEGER;
	ALTER TABLE blocks ADD COLUMN original_end INTEGER;
	ALTER TABLE blocks ADD COLUMN deleted_at INTEGER;
	-- Reports over a month or a year sum up tens of thousands of pings:
	-- an index that holds every column they read answers from itself,
	-- without a lookup into the table per ping.
	CREATE INDEX pings_for_reports ON pings (received_at, held, bypassed, delivered_at, reviewed_at, read_at);`,

	// 9: the ping figures of each UTC day, so a year's report reads 365
	// rows instead of summing 50,000 pings. day is received_at /
	// 86,400,000 (whole UTC days; a report in any zone reads the pings of
	// its partial first and last UTC day from pings itself). held,
	// bypassed, read count the held pings of the day as PingSummary does;
	// delivered, reviewed and waits are their waits in milliseconds,
	// comma-separated ('' for none), since medians need every value.
	//
	// An insert appends to its day's row (a held ping arrives with no
	// wait yet, so the lists rarely grow then). Any other write to a held
	// ping only marks its day stale: summing the day again for every
	// updated row made one digest of 3,000 pings take 17 s. Readers take a
	// stale day from pings itself, so the figures are exact at every
	// moment, and each write transaction sums its stale days afresh once
	// before it commits (Store.tx).
	`CREATE TABLE ping_days (
		day       INTEGER PRIMARY KEY,
		held      INTEGER NOT NULL,
		bypassed  INTEGER NOT NULL,
		read      INTEGER NOT NULL,
		delivered TEXT    NOT NULL,
		reviewed  TEXT    NOT NULL,
		waits     TEXT    NOT NULL,
		stale     INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE INDEX ping_days_stale ON ping_days (day) WHERE stale = 1;
	INSERT INTO ping_days (day, held, bypassed, read, delivered, reviewed, waits) ` + pingDaySums + ` WHERE held = 1 GROUP BY received_at / 86400000;
	CREATE TRIGGER ping_days_insert AFTER INSERT ON pings WHEN NEW.held = 1 BEGIN
		INSERT INTO ping_days (day, held, bypassed, read, delivered, reviewed, waits)
		SELECT NEW.received_at / 86400000, NEW.bypassed = 0, NEW.bypassed != 0,
			NEW.delivered_at IS NULL AND NEW.read_at IS NOT NULL,
			COALESCE(max(NEW.delivered_at - NEW.received_at, 0), ''),
			COALESCE(max(NEW.reviewed_at - NEW.received_at, 0), ''),
			COALESCE(CASE WHEN NEW.bypassed = 0 THEN max(COALESCE(NEW.delivered_at, NEW.read_at, NEW.reviewed_at) - NEW.received_at, 0) END, '')
		WHERE true
		ON CONFLICT (day) DO UPDATE SET held = held + excluded.held, bypassed = bypassed + excluded.bypassed,
			read = read + excluded.read,
			delivered = delivered || (CASE WHEN delivered != '' AND excluded.delivered != '' THEN ',' ELSE '' END) || excluded.delivered,
			reviewed = reviewed || (CASE WHEN reviewed != '' AND excluded.reviewed != '' THEN ',' ELSE '' END) || excluded.reviewed,
			waits = waits || (CASE WHEN waits != '' AND excluded.waits != '' THEN ',' ELSE '' END) || excluded.waits;
	END;
	CREATE TRIGGER ping_days_update AFTER UPDATE OF received_at, held, bypassed, delivered_at, reviewed_at, read_at ON pings
	WHEN OLD.held = 1 OR NEW.held = 1 BEGIN
		INSERT INTO ping_days (day, held, bypassed, read, delivered, reviewed, waits, stale)
		VALUES (OLD.received_at / 86400000, 0, 0, 0, '', '', '', 1), (NEW.received_at / 86400000, 0, 0, 0, '', '', '', 1)
		ON CONFLICT (day) DO UPDATE SET stale = 1 WHERE stale = 0;
	END;
	CREATE TRIGGER ping_days_delete AFTER DELETE ON pings WHEN OLD.held = 1 BEGIN
		UPDATE ping_days SET stale = 1 WHERE day = OLD.received_at / 86400000 AND stale = 0;
	END;`,
}

// pingDaysVersion is the schema version that made ping_days.
const pingDaysVersion = 9

// pingDaySums sums pings per UTC day into ping_days' columns, with the
// same expressions as PingSummary; the caller adds WHERE and GROUP BY.
const pingDaySums = `SELECT received_at / 86400000,
		sum(bypassed = 0), sum(bypassed != 0), sum(delivered_at IS NULL AND read_at IS NOT NULL),
		COALESCE(group_concat(max(delivered_at - received_at, 0)), ''),
		COALESCE(group_concat(max(reviewed_at - received_at, 0)), ''),
		COALESCE(group_concat(CASE WHEN bypassed = 0 THEN max(COALESCE(delivered_at, read_at, reviewed_at) - received_at, 0) END), '')
	FROM pings`

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

func (s *Store) version(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w%s", err, hint(err))
	}
	return v, nil
}

// migrate applies the missing migrations, each in its own transaction
// together with its version bump, so a failure leaves the last good version.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, len(migrations))
}

func (s *Store) migrateTo(ctx context.Context, target int) error {
	v, err := s.version(ctx)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this Heads Down understands (%d): upgrade Heads Down", v, len(migrations))
	}
	for ; v < target; v++ {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
			}
			// PRAGMA takes no bound parameters; v is our own integer.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
				return fmt.Errorf("set schema version %d: %w", v+1, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.pingDays = v >= pingDaysVersion
	return nil
}
