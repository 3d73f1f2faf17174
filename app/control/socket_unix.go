//go:build !windows

package control

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// SocketIsFile says that SocketPath names a file: a Unix socket that stays
// behind when its app crashes (Listen replaces it).
const SocketIsFile = true

// SocketPath is where the control socket of the app using dataDir lives.
// Unix socket paths are limited to about 104 bytes; a data directory deep
// enough to exceed that gets a per-user, per-directory name in the temp dir.
func SocketPath(dataDir string) string {
	p := filepath.Join(dataDir, "headsdown.sock")
	if len(p) < 100 {
		return p
	}
	sum := sha256.Sum256([]byte(dataDir))
	base := os.Getenv("XDG_RUNTIME_DIR")
	if base == "" {
		base = os.TempDir()
	}
	return filepath.Join(base, fmt.Sprintf("headsdown-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:6])))
}

// Listen creates the control socket at path. The caller must hold the
// single-instance lock: a socket already at path that nobody answers on is
// left from a crashed run and is replaced. One that answers belongs to a
// live server (a Heads Down that got past the lock, or another program),
// and Listen refuses rather than cut it off.
func Listen(path string) (net.Listener, error) {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("listen on control socket %s: another program is serving it (is a second Heads Down running on the same data directory?)", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale control socket %s: %w", path, err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on control socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("restrict control socket %s: %w", path, err)
	}
	return ln, nil
}

// dial connects to the control socket at path; any failure means no app
// is there to answer.
func dial(ctx context.Context, path string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, ErrNotRunning
	}
	return conn, nil
}
