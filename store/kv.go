package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// KeyLastGoodSettings is the key of the text of the last settings file that
// loaded: the app keeps it, the settings window offers it when the file is
// broken.
const KeyLastGoodSettings = "settings_last_good"

// GetJSON reads the value stored under key into v; found is false when
// there is none (v is left as it was).
func (s *Store) GetJSON(ctx context.Context, key string, v any) (found bool, err error) {
	var raw string
	err = s.db.QueryRowContext(ctx, `SELECT value FROM kv WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

// PutJSON stores v under key, replacing what was there.
func (s *Store) PutJSON(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kv (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(b)); err != nil {
			return fmt.Errorf("save %s: %w", key, err)
		}
		return nil
	})
}
