package events

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/testdb"
)

func TestLocalFanOut(t *testing.T) {
	b := NewLocal()
	a, c := b.Subscribe(BuyRequestCreated), b.Subscribe(BuyRequestCreated)
	other := b.Subscribe(InquiryUpdated)
	require.NoError(t, b.Publish(context.Background(), Event{Topic: BuyRequestCreated, ID: 7}))
	require.Equal(t, 7, (<-a.C).ID)
	require.Equal(t, 7, (<-c.C).ID)
	select {
	case e := <-other.C:
		t.Fatalf("other topic received %v", e)
	default:
	}
	require.Equal(t, int64(3), b.Stats().Subscriptions)
	a.Close()
	a.Close() // twice is fine
	require.Equal(t, int64(2), b.Stats().Subscriptions)
}

// TestSlowConsumerIsCutOff: a subscriber that does not read is closed once it
// lags BufferSize events behind, and memory does not grow.
func TestSlowConsumerIsCutOff(t *testing.T) {
	b := NewLocal()
	slow := b.Subscribe(InquiryUpdated)
	fast := b.Subscribe(InquiryUpdated)
	for i := 0; i < BufferSize+10; i++ {
		require.NoError(t, b.Publish(context.Background(), Event{Topic: InquiryUpdated, ID: i}))
		<-fast.C
	}
	n := 0
	for range slow.C {
		n++
	}
	require.Equal(t, BufferSize, n, "the slow subscriber got what fit its buffer, then was closed")
	require.True(t, slow.Overflowed())
	require.False(t, fast.Overflowed())
	require.Positive(t, b.Stats().Dropped)
}

// TestPostgresAcrossReplicas: two buses on one database stand for two replicas;
// an event published on one reaches subscribers on both, also after the
// listeners' connections were cut by the server.
func TestPostgresAcrossReplicas(t *testing.T) {
	dsn := testdb.RequirePostgres(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	one, two := NewPostgres(dsn, log), NewPostgres(dsn, log)
	defer one.Close()
	defer two.Close()
	require.Eventually(t, func() bool { return one.Listening() && two.Listening() }, 10*time.Second, 20*time.Millisecond)
	s1, s2 := one.Subscribe(BuyRequestCreated), two.Subscribe(BuyRequestCreated)
	expect := func(id int) {
		t.Helper()
		for _, s := range []*Subscription{s1, s2} {
			select {
			case e := <-s.C:
				require.Equal(t, id, e.ID)
			case <-time.After(5 * time.Second):
				t.Fatalf("event %d not delivered", id)
			}
		}
	}
	require.NoError(t, one.Publish(context.Background(), Event{Topic: BuyRequestCreated, ID: 1}))
	expect(1)

	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer admin.Close()
	// Only the listeners of this test (their last statement LISTENs on the channel;
	// a concurrent test's listeners would reconnect all the same).
	_, err = admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE pid <> pg_backend_pid() AND query = 'LISTEN ' || $1`, Channel)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return one.Connects() > 1 && two.Connects() > 1 && one.Listening() && two.Listening() },
		15*time.Second, 50*time.Millisecond, "the listeners reconnect by themselves")
	require.NoError(t, two.Publish(context.Background(), Event{Topic: BuyRequestCreated, ID: 2}))
	expect(2)
}

func TestListen(t *testing.T) {
	bus := NewLocal()
	var got []Event
	bus.Listen(CatalogChanged, func(e Event) { got = append(got, e) })
	require.NoError(t, bus.Publish(context.Background(), Event{Topic: CatalogChanged}))
	require.NoError(t, bus.Publish(context.Background(), Event{Topic: InquiryUpdated, ID: 3}))
	require.Equal(t, []Event{{Topic: CatalogChanged}}, got, "synchronous, its topic only")
	require.Zero(t, bus.Stats().Subscriptions, "a listener is not a subscription")
	bus.h.missed()
	require.Len(t, got, 2, "told when events may have been missed")
}
