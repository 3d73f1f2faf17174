//go:build !linux

package awaytest

import "errors"

// The fake inhibitor needs Linux's /proc; elsewhere Inhibit fails.
type inhibitor struct{ own int }

func newInhibitor(int) (*inhibitor, error) {
	return nil, errors.New("the fake inhibitor lock works on Linux only")
}

func (*inhibitor) held() bool { return false }
func (*inhibitor) close()     {}
