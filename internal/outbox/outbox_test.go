package outbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/outbox"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/mail/mailtest"
	ob "github.com/exportiva/exportiva/internal/outbox"
	"github.com/exportiva/exportiva/internal/testdb"
)

func sender(t *testing.T, srv *mailtest.Server) *mail.SMTP {
	s, err := mail.NewSMTP(srv.URL(), "noreply@exportiva.test")
	require.NoError(t, err)
	s.TLSConfig = srv.TLSConfig()
	return s
}

// Two workers (two replicas) drain one outbox: every message arrives exactly
// once.
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	db := testdb.Open(t)
	srv := mailtest.Start(t)
	ctx := context.Background()
	const n = 60
	var msgs []any
	for i := range n {
		msgs = append(msgs, mail.Message{To: fmt.Sprintf("r%d@example.test", i), Subject: fmt.Sprintf("m%d", i), Text: "hello\n"})
	}
	require.NoError(t, ob.AddMany(ctx, db.Client, ob.KindEmail, msgs))
	s := sender(t, srv)
	var wg sync.WaitGroup
	for range 2 {
		w := &ob.Worker{DB: db.Client, Batch: 5, Handlers: map[string]ob.Handler{ob.KindEmail: ob.EmailHandler(s)}}
		wg.Go(func() { require.NoError(t, w.Drain(ctx)) })
	}
	wg.Wait()
	got := srv.Wait(t, n, 10*time.Second)
	require.Len(t, got, n)
	seen := map[string]bool{}
	for _, m := range got {
		require.False(t, seen[m.Subject], "sent twice: %s", m.Subject)
		seen[m.Subject] = true
	}
	done, err := db.Client.Outbox.Query().Where(outbox.StateEQ(outbox.StateDone), outbox.Payload("")).Count(authz.System(ctx))
	require.NoError(t, err)
	require.Equal(t, n, done, "done items keep no payload (one-time links)")
}

// A server that refuses the first three attempts: the item waits out its
// backoff each time, then goes out once.
func TestRetryWithBackoff(t *testing.T) {
	db := testdb.Open(t)
	srv := mailtest.Start(t)
	ctx := context.Background()
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	w := &ob.Worker{DB: db.Client, Now: func() time.Time { return clock },
		Handlers: map[string]ob.Handler{ob.KindEmail: ob.EmailHandler(sender(t, srv))}}
	require.NoError(t, ob.Email(authz.System(ctx), db.Client, mail.Message{To: "a@example.test", Subject: "s", Text: "t\n"}))
	// The outbox row is written at the wall clock; the worker's clock is behind
	// it only in this test.
	clock = time.Now()
	srv.FailNext(3)
	for attempt := 1; attempt <= 3; attempt++ {
		n, err := w.RunOnce(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		n, err = w.RunOnce(ctx)
		require.NoError(t, err)
		require.Equal(t, 0, n, "attempt %d: not due before its backoff", attempt)
		clock = clock.Add(ob.DefaultBackoff(attempt))
	}
	n, err := w.RunOnce(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, srv.Wait(t, 1, 5*time.Second), 1)
	it, err := db.Client.Outbox.Query().Only(authz.System(ctx))
	require.NoError(t, err)
	require.Equal(t, outbox.StateDone, it.State)
	require.Equal(t, 4, it.Attempts)
	require.Equal(t, 2*time.Minute, ob.DefaultBackoff(3))
	require.Equal(t, 4*time.Hour, ob.DefaultBackoff(30))
}

// An item that keeps failing is given up after MaxAttempts; a claimed item
// whose worker died is claimed again after its lease.
func TestDeadAndLease(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	clock := time.Now()
	calls := 0
	fail := func(context.Context, int, []byte) error { calls++; return fmt.Errorf("nope") }
	w := &ob.Worker{DB: db.Client, MaxAttempts: 2, Now: func() time.Time { return clock }, Handlers: map[string]ob.Handler{"x": fail}}
	require.NoError(t, ob.Add(ctx, db.Client, "x", map[string]int{"a": 1}))
	for range 3 {
		_, err := w.RunOnce(ctx)
		require.NoError(t, err)
		clock = clock.Add(time.Hour)
	}
	require.Equal(t, 2, calls)
	it, err := db.Client.Outbox.Query().Only(authz.System(ctx))
	require.NoError(t, err)
	require.Equal(t, outbox.StateDead, it.State)
	require.Equal(t, "nope", it.LastError)

	// A lease held by a worker that died.
	require.NoError(t, ob.Add(ctx, db.Client, "y", 1))
	stuck := time.Now().Add(time.Minute)
	require.NoError(t, db.Client.Outbox.Update().Where(outbox.Kind("y")).SetClaim("dead-worker").SetClaimedUntil(stuck).Exec(authz.System(ctx)))
	done := 0
	w2 := &ob.Worker{DB: db.Client, Now: func() time.Time { return clock }, Handlers: map[string]ob.Handler{"y": func(context.Context, int, []byte) error { done++; return nil }}}
	clock = time.Now()
	n, err := w2.RunOnce(ctx)
	require.NoError(t, err)
	require.Equal(t, 0, n, "leased to another worker")
	clock = stuck.Add(time.Second)
	n, err = w2.RunOnce(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, 1, done)
}

// A replica without a mailer has no e-mail handler: it leaves the e-mails
// alone. It used to claim and release them in a loop, a core of CPU and two
// writes a round while any e-mail waited.
func TestWorkerLeavesKindsItCannotDo(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	require.NoError(t, ob.Add(ctx, db.Client, ob.KindEmail, mail.Message{To: "r@example.test", Subject: "s", Text: "hello\n"}))
	w := &ob.Worker{DB: db.Client, Handlers: map[string]ob.Handler{"other": func(context.Context, int, []byte) error { return nil }}}
	drained := make(chan error, 1)
	go func() { drained <- w.Drain(ctx) }()
	select {
	case err := <-drained:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Drain keeps going over an item it has no handler for")
	}
	n, err := w.RunOnce(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
	it := db.Client.Outbox.Query().OnlyX(authz.System(ctx))
	require.Equal(t, outbox.StatePending, it.State)
	require.Nil(t, it.ClaimedUntil, "not claimed")
	require.Zero(t, it.Attempts)
}
