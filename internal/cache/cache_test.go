package cache

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestKeepsUntilInvalidated(t *testing.T) {
	c := New(Options[int]{Entries: 10, TTL: time.Minute})
	calls := 0
	get := func() (int, bool) {
		v, hit, err := c.Do(context.Background(), "k", func(context.Context) (int, error) { calls++; return calls, nil })
		require.NoError(t, err)
		return v, hit
	}
	v, hit := get()
	require.Equal(t, 1, v)
	require.False(t, hit)
	v, hit = get()
	require.Equal(t, 1, v)
	require.True(t, hit)
	c.Invalidate()
	v, hit = get()
	require.Equal(t, 2, v, "a new generation computes again")
	require.False(t, hit)
	h, m := c.Stats()
	require.Equal(t, [2]int64{1, 2}, [2]int64{h, m})
}

func TestErrorsAndDontKeepAreNotKept(t *testing.T) {
	c := New(Options[string]{Entries: 10, TTL: time.Minute})
	boom := errors.New("boom")
	_, _, err := c.Do(context.Background(), "k", func(context.Context) (string, error) { return "", boom })
	require.ErrorIs(t, err, boom)
	v, hit, err := c.Do(context.Background(), "k", func(context.Context) (string, error) { return "partial", ErrDontKeep })
	require.NoError(t, err, "ErrDontKeep is not an error for the caller")
	require.Equal(t, "partial", v)
	require.False(t, hit)
	v, hit, err = c.Do(context.Background(), "k", func(context.Context) (string, error) { return "full", nil })
	require.NoError(t, err)
	require.Equal(t, "full", v)
	require.False(t, hit)
}

func TestExpires(t *testing.T) {
	c := New(Options[int]{Entries: 10, TTL: 30 * time.Millisecond})
	n := 0
	f := func(context.Context) (int, error) { n++; return n, nil }
	_, _, _ = c.Do(context.Background(), "k", f)
	time.Sleep(60 * time.Millisecond)
	v, hit, _ := c.Do(context.Background(), "k", f)
	require.False(t, hit)
	require.Equal(t, 2, v)
}

func TestConcurrentCallersShareOneComputation(t *testing.T) {
	c := New(Options[int]{Entries: 10, TTL: time.Minute})
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			v, _, err := c.Do(context.Background(), "k", func(context.Context) (int, error) {
				calls.Add(1)
				<-release
				return 42, nil
			})
			require.NoError(t, err)
			require.Equal(t, 42, v)
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	require.Equal(t, int32(1), calls.Load())
}

// A value the first caller does not keep (an answer with errors of its own) is
// not handed to the others: each computes its own.
func TestWaitersComputeTheirOwnWhenNotKept(t *testing.T) {
	c := New(Options[string]{Entries: 10, TTL: time.Minute})
	started := make(chan struct{})
	release := make(chan struct{})
	var got [2]string
	var wg sync.WaitGroup
	wg.Go(func() {
		got[0], _, _ = c.Do(context.Background(), "k", func(context.Context) (string, error) {
			close(started)
			<-release
			return "leader's", ErrDontKeep
		})
	})
	<-started
	wg.Go(func() {
		got[1], _, _ = c.Do(context.Background(), "k", func(context.Context) (string, error) { return "own", nil })
	})
	time.Sleep(30 * time.Millisecond)
	close(release)
	wg.Wait()
	require.Equal(t, [2]string{"leader's", "own"}, got)
}

func TestByteBudget(t *testing.T) {
	c := New(Options[[]byte]{Entries: 1000, TTL: time.Minute, MaxBytes: 1600, Size: func(b []byte) int { return len(b) }})
	for i := range 100 {
		_, _, err := c.Do(context.Background(), strconv.Itoa(i), func(context.Context) ([]byte, error) { return make([]byte, 100), nil })
		require.NoError(t, err)
		require.LessOrEqual(t, c.Bytes(), int64(1600))
	}
	require.Equal(t, int64(1600), c.Bytes(), "the budget is used, not exceeded")
	_, hit, _ := c.Do(context.Background(), "99", func(context.Context) ([]byte, error) { return nil, nil })
	require.True(t, hit, "the most recent value stays")
	_, hit, _ = c.Do(context.Background(), "0", func(context.Context) ([]byte, error) { return make([]byte, 100), nil })
	require.False(t, hit, "the oldest went first")

	// Over a sixteenth of the budget: handed back, not kept.
	_, _, _ = c.Do(context.Background(), "big", func(context.Context) ([]byte, error) { return make([]byte, 101), nil })
	_, hit, _ = c.Do(context.Background(), "big", func(context.Context) ([]byte, error) { return make([]byte, 101), nil })
	require.False(t, hit)

	// Replacing a value counts its bytes once.
	c.Invalidate()
	for range 3 {
		_, _, _ = c.Do(context.Background(), "99", func(context.Context) ([]byte, error) { return make([]byte, 100), nil })
		c.Invalidate()
	}
	require.LessOrEqual(t, c.Bytes(), int64(1600))
}

// TestMaxValueBytes: a cache can keep values larger than a sixteenth of its
// budget (the match cache keeps broad outcomes up to a quarter of it).
func TestMaxValueBytes(t *testing.T) {
	c := New(Options[[]byte]{Entries: 1000, TTL: time.Minute, MaxBytes: 1600, MaxValueBytes: 400, Size: func(b []byte) int { return len(b) }})
	for _, n := range []int{400, 401} {
		key := strconv.Itoa(n)
		_, _, _ = c.Do(context.Background(), key, func(context.Context) ([]byte, error) { return make([]byte, n), nil })
		_, hit, _ := c.Do(context.Background(), key, func(context.Context) ([]byte, error) { return make([]byte, n), nil })
		require.Equal(t, n == 400, hit, "%d bytes", n)
	}
	for i := range 10 {
		_, _, _ = c.Do(context.Background(), "k"+strconv.Itoa(i), func(context.Context) ([]byte, error) { return make([]byte, 400), nil })
		require.LessOrEqual(t, c.Bytes(), int64(1600))
	}
}

// TestSharedComputationIsPerGeneration: a caller that arrives after an
// Invalidate (a commit) does not join a computation that started before it:
// that one may have read the data of before the write.
func TestSharedComputationIsPerGeneration(t *testing.T) {
	c := New(Options[string]{Entries: 10, TTL: time.Minute})
	started := make(chan struct{})
	release := make(chan struct{})
	var old string
	var wg sync.WaitGroup
	wg.Go(func() {
		old, _, _ = c.Do(context.Background(), "k", func(context.Context) (string, error) {
			close(started)
			<-release
			return "before the write", nil
		})
	})
	<-started
	c.Invalidate() // a write commits while the first computation runs
	type answer struct {
		v   string
		hit bool
	}
	second := make(chan answer, 1)
	go func() {
		v, hit, _ := c.Do(context.Background(), "k", func(context.Context) (string, error) { return "after the write", nil })
		second <- answer{v, hit}
	}()
	var got answer
	select {
	case got = <-second:
	case <-time.After(5 * time.Second):
		// it joined the computation of before the write, which is still running
	}
	close(release)
	wg.Wait()
	if got.v == "" {
		got = <-second
	}
	require.False(t, got.hit)
	require.Equal(t, "after the write", got.v, "a request after the commit sees the commit")
	require.Equal(t, "before the write", old)
	v, hit, _ := c.Do(context.Background(), "k", func(context.Context) (string, error) { return "again", nil })
	require.True(t, hit)
	require.Equal(t, "after the write", v, "the older generation's answer is not kept over the newer one")
}
