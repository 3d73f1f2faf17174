package app

import (
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// Tests never touch the real OS keyring or a real token.
func TestMain(m *testing.M) {
	keyring.MockInit()
	os.Unsetenv("HEADSDOWN_SLACK_TOKEN")
	os.Unsetenv("HEADSDOWN_SLACK_API_URL")
	os.Exit(m.Run())
}
