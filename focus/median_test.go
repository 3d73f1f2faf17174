package focus

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// medianOf selects instead of sorting: it equals the sorted middle for
// every size and shape of input, duplicates and runs included.
func TestMedianOfEqualsTheSortedMiddle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	shapes := []struct {
		name string
		gen  func(i, n int) time.Duration
	}{
		{"random", func(i, n int) time.Duration { return time.Duration(rng.IntN(1_000_000)) }},
		{"mostly zero", func(i, n int) time.Duration { return time.Duration(rng.IntN(3) / 2 * rng.IntN(1000)) }},
		{"few values", func(i, n int) time.Duration { return time.Duration(rng.IntN(4)) }},
		{"ascending", func(i, n int) time.Duration { return time.Duration(i) }},
		{"descending", func(i, n int) time.Duration { return time.Duration(n - i) }},
		{"organ pipe", func(i, n int) time.Duration { return time.Duration(min(i, n-i)) }},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			// Many draws of each size: the middle two of an even count
			// fall on either side of a partition only now and then.
			for trial := range 200 {
				n := []int{1, 2, 3, 4, 16, 17, 18, 33, 34, 100, 101, 1000, 1001}[trial%13]
				if trial == 0 {
					n = 50_001
				}
				in := make([]time.Duration, n)
				for i := range in {
					in[i] = sh.gen(i, n)
				}
				sorted := slices.Clone(in)
				slices.Sort(sorted)
				want := sorted[n/2]
				if n%2 == 0 {
					want = (sorted[n/2-1] + sorted[n/2]) / 2
				}
				if got := medianOf(in); got != want {
					t.Fatalf("%d values: median %d, want %d", n, got, want)
				}
			}
		})
	}
	if medianOf(nil) != 0 {
		t.Error("no values: want 0")
	}
}
