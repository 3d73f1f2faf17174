//go:build !windows

package app

import "time"

// awakeTime is the awake-time source of the engine's clock: nil, Go's
// monotonic clock, which stops during sleep on Linux and macOS (see
// focus.NewSystemClock).
func awakeTime() (func() time.Duration, error) { return nil, nil }
