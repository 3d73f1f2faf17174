// Package files knows where Heads Down keeps its files and how they are
// shared: the layout of the database, config.toml, the log, the instance
// lock and the control channel on each OS (HEADSDOWN_DATA_DIR puts them
// all in one folder), the instance lock itself, the move from the old
// layout, and finding the other program (headsdown-ui beside headsdown,
// and back). The app, the command line and the window program all import
// it; it links nothing of the running app, so the window program does not
// carry the engine it never runs.
package files
