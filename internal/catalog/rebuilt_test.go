package catalog

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRebuilt: concurrent requests share one build; invalidate and the TTL
// make the next request build again; a request cancelled during the build
// does not cancel the build the others wait for.
func TestRebuilt(t *testing.T) {
	var r rebuilt[int]
	var builds atomic.Int32
	build := func(ctx context.Context) (int, error) {
		time.Sleep(20 * time.Millisecond)
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		return int(builds.Add(1)), nil
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var wg sync.WaitGroup
	// A build started for a request whose client went away completes.
	first, err := r.get(cancelled, build)
	require.NoError(t, err)
	require.Equal(t, 1, first)
	r.invalidate()
	builds.Store(0)
	got := make([]int, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if i == 0 {
				ctx = cancelled
			}
			v, err := r.get(ctx, build)
			require.NoError(t, err)
			got[i] = v
		}()
	}
	wg.Wait()
	require.Equal(t, int32(1), builds.Load(), "one build for ten requests")
	for _, v := range got {
		require.Equal(t, 1, v)
	}
	v, _ := r.get(context.Background(), build)
	require.Equal(t, 1, v, "fresh: no build")
	r.invalidate()
	v, _ = r.get(context.Background(), build)
	require.Equal(t, 2, v, "invalidated: built again")
	r.ttl = time.Millisecond
	time.Sleep(5 * time.Millisecond)
	v, _ = r.get(context.Background(), build)
	require.Equal(t, 3, v, "past the TTL: built again")
}
