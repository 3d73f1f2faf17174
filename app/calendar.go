package app

import "path/filepath"

// CalendarDir is where the last good copy of each calendar is kept: in the data
// folder, beside the database, named by a hash of the link (never the link itself).
func CalendarDir(p Paths) string { return filepath.Join(p.DataDir, "calendar") }
