package main

import "testing"

func TestNumericVersion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [4]uint16
		ok   bool
	}{
		{"0.1.0", [4]uint16{0, 1, 0, 0}, true},
		{"0.1.0+3.g1a2b3c4", [4]uint16{0, 1, 0, 3}, true},
		{"1.2.3+3.g1a2b3c4.dirty", [4]uint16{1, 2, 3, 3}, true},
		{"0.1.0+g1a2b3c4", [4]uint16{0, 1, 0, 0}, true},
		{"1.0.0-rc1", [4]uint16{1, 0, 0, 0}, true},
		{"dev", [4]uint16{}, false},
		{"1.2", [4]uint16{}, false},
		{"1.2.70000", [4]uint16{}, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := numericVersion(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("numericVersion(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}
