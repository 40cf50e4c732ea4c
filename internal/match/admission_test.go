package match

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
)

func requireExhausted(t *testing.T, err error) {
	t.Helper()
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, apperr.CodeResourceExhausted, ae.Code)
	require.Equal(t, RetryAfter, ae.RetryAfter)
}

func TestAdmissionRefusesPromptlyWhenFull(t *testing.T) {
	a := NewAdmission(1, 50*time.Millisecond)
	release, err := a.Acquire(context.Background(), "a")
	require.NoError(t, err)
	require.Equal(t, 1, a.InUse())

	start := time.Now()
	_, err = admit(WithAdmission(context.Background(), a, "b"))
	require.Less(t, time.Since(start), time.Second, "refused after the short wait, not a timeout")
	requireExhausted(t, err)
	require.Zero(t, a.Waiting(), "a waiter that gave up leaves the queue")

	// A slot freed during the wait is taken.
	go func() { time.Sleep(10 * time.Millisecond); release() }()
	release, err = a.Acquire(context.Background(), "b")
	require.NoError(t, err)
	release()
	release() // twice is harmless
	require.Zero(t, a.InUse())

	// No admission in the context, or none configured: everything runs.
	r, err := admit(context.Background())
	require.NoError(t, err)
	r()
	require.Nil(t, NewAdmission(0, time.Second))
}

// TestAdmissionQueueIsBounded: past the queue's length a request is refused
// at once, without waiting for the deadline.
func TestAdmissionQueueIsBounded(t *testing.T) {
	a := NewAdmission(1, time.Hour, 2)
	hold, err := a.Acquire(context.Background(), "x")
	require.NoError(t, err)
	got := make(chan error, 2)
	for range 2 {
		go func() {
			r, err := a.Acquire(context.Background(), "x")
			if err == nil {
				r()
			}
			got <- err
		}()
	}
	require.Eventually(t, func() bool { return a.Waiting() == 2 }, 5*time.Second, time.Millisecond)
	done := make(chan error, 1)
	go func() { _, err := a.Acquire(context.Background(), "y"); done <- err }()
	select {
	case err := <-done:
		requireExhausted(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("a request over the queue's bound waited (the deadline is an hour)")
	}
	hold()
	require.NoError(t, <-got)
	require.NoError(t, <-got)
	require.Zero(t, a.InUse())
	require.Zero(t, a.Waiting())
}

// TestAdmissionIsFairBetweenClients: a client that queued many evaluations
// does not go before another client's single one: freed slots go to the
// clients in turn, in order within each.
func TestAdmissionIsFairBetweenClients(t *testing.T) {
	a := NewAdmission(1, time.Hour, 16)
	hold, err := a.Acquire(context.Background(), "greedy")
	require.NoError(t, err)
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	enqueue := func(client, name string) {
		n := a.Waiting()
		wg.Go(func() {
			r, err := a.Acquire(context.Background(), client)
			require.NoError(t, err)
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			r()
		})
		require.Eventually(t, func() bool { return a.Waiting() == n+1 }, 5*time.Second, time.Millisecond)
	}
	for _, n := range []string{"g1", "g2", "g3", "g4"} {
		enqueue("greedy", n)
	}
	enqueue("other", "o1")
	enqueue("third", "t1")
	enqueue("other", "o2")
	hold()
	wg.Wait()
	require.Equal(t, []string{"g1", "o1", "t1", "g2", "o2", "g3", "g4"}, order)
}
