package changes

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/testdb"
)

// counter is a cache that counts how often it was dropped.
type counter struct{ n int }

func (c *counter) Invalidate() { c.n++ }

func watched(t *testing.T, bus events.Bus) (*ent.Client, *counter, *counter) {
	db := testdb.Open(t)
	matches, responses := new(counter), new(counter)
	Watch(db.Client, bus, Caches{Matches: matches, Responses: responses})
	return db.Client, matches, responses
}

// TestEveryTypeIsPlaced: each ent type (a field of ent.Client) says what its
// writes change, so a new type cannot be forgotten.
func TestEveryTypeIsPlaced(t *testing.T) {
	c := reflect.TypeFor[ent.Client]()
	n := 0
	for i := range c.NumField() {
		f := c.Field(i)
		if f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Client") || f.Name+"Client" != f.Type.Elem().Name() {
			continue
		}
		n++
		_, ok := kinds[f.Name]
		require.True(t, ok, "changes.kinds does not say what a write to %s changes", f.Name)
	}
	require.Equal(t, len(kinds), n, "changes.kinds names a type ent does not have")
}

// TestWatch: a successful write drops at once the caches its kind reaches and
// is recorded in a tracked request; a failed write, or a write to a type no
// cache holds, drops nothing.
func TestWatch(t *testing.T) {
	client, matches, responses := watched(t, nil)
	ctx := authz.System(context.Background())
	write := func(ctx context.Context, f func(ctx context.Context) error) (Kind, int, int, error) {
		matches.n, responses.n = 0, 0
		ctx = Track(ctx)
		err := f(ctx)
		return Touched(ctx), matches.n, responses.n, err
	}
	for _, tc := range []struct {
		name       string
		write      func(ctx context.Context) error
		kind       Kind
		match, res int
	}{
		{"exchange rate", func(ctx context.Context) error {
			return client.FxRate.Create().SetCurrency("IDR").SetUnitsPerUsd(money.MustParse("16250")).SetAsOf(time.Now()).Exec(ctx)
		}, Catalog, 1, 1},
		{"products", func(ctx context.Context) error { _, err := client.Product.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"producers", func(ctx context.Context) error { _, err := client.Producer.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"certificates", func(ctx context.Context) error { _, err := client.Certification.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"market rules", func(ctx context.Context) error { _, err := client.MarketRule.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"export records", func(ctx context.Context) error { _, err := client.ExportRecord.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"buy requests: matches and leads only", func(ctx context.Context) error { _, err := client.BuyRequest.Delete().Exec(ctx); return err }, Requests, 1, 0},
		{"buyers: leads only (verified buyers)", func(ctx context.Context) error { _, err := client.Buyer.Delete().Exec(ctx); return err }, Requests, 1, 0},
		{"verifications", func(ctx context.Context) error { _, err := client.Verification.Delete().Exec(ctx); return err }, Catalog, 1, 1},
		{"sessions", func(ctx context.Context) error { _, err := client.Session.Delete().Exec(ctx); return err }, 0, 0, 0},
		{"a refused write", func(ctx context.Context) error {
			return client.FxRate.Create().SetCurrency("not a currency").SetUnitsPerUsd(money.MustParse("1")).SetAsOf(time.Now()).Exec(ctx)
		}, 0, 0, 0},
		{"a write privacy denies", func(context.Context) error {
			_, err := client.Product.Delete().Exec(context.Background())
			return err
		}, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, m, r, err := write(ctx, tc.write)
			if strings.HasPrefix(tc.name, "a ") {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tc.kind, kind)
			require.Equal(t, tc.match, m, "match cache drops")
			require.Equal(t, tc.res, r, "response cache drops")
		})
	}
	require.Equal(t, Kind(0), Touched(ctx), "an untracked context records nothing")
}

// TestCommitted: after the commit, what the request changed is dropped again
// and announced on the topic of its kind; a request that changed nothing
// cached announces nothing.
func TestCommitted(t *testing.T) {
	client, matches, responses := watched(t, nil)
	c := Caches{Matches: matches, Responses: responses}
	ctx := Track(authz.System(context.Background()))
	_, ok := c.Committed(ctx)
	require.False(t, ok)

	_, err := client.BuyRequest.Delete().Exec(ctx)
	require.NoError(t, err)
	matches.n, responses.n = 0, 0
	e, ok := c.Committed(ctx)
	require.True(t, ok)
	require.Equal(t, events.Event{Topic: events.RequestsChanged}, e)
	require.Equal(t, 1, matches.n)
	require.Equal(t, 0, responses.n)

	_, err = client.Product.Delete().Exec(ctx)
	require.NoError(t, err)
	matches.n, responses.n = 0, 0
	e, ok = c.Committed(ctx)
	require.True(t, ok)
	require.Equal(t, events.Event{Topic: events.CatalogChanged}, e, "the catalog's topic covers buy requests too")
	require.Equal(t, 1, matches.n)
	require.Equal(t, 1, responses.n)
}

// TestListen: every replica's announcement (and the event with id 0 of a
// reconnected listener) drops the caches of its kind.
func TestListen(t *testing.T) {
	bus := events.NewLocal()
	_, matches, responses := watched(t, bus)
	ctx := context.Background()
	require.NoError(t, bus.Publish(ctx, events.Event{Topic: events.RequestsChanged}))
	require.Equal(t, 1, matches.n)
	require.Equal(t, 0, responses.n)
	require.NoError(t, bus.Publish(ctx, events.Event{Topic: events.CatalogChanged}))
	require.Equal(t, 2, matches.n)
	require.Equal(t, 1, responses.n)
	require.NoError(t, bus.Publish(ctx, events.Event{Topic: events.InquiryUpdated, ID: 7}))
	require.Equal(t, 2, matches.n, "other topics drop nothing")
}

// TestTopic: each kind's announcement, and Topic inverts the listeners' table.
func TestTopic(t *testing.T) {
	require.Equal(t, events.CatalogChanged, Topic(Catalog))
	require.Equal(t, events.RequestsChanged, Topic(Requests))
	require.Equal(t, events.CatalogChanged, Topic(Catalog|Requests))
	require.Equal(t, "", Topic(0))
	for topic, k := range kindOf {
		require.Equal(t, topic, Topic(k))
	}
}

// TestDropWithoutCaches: a replica with its caches turned off (nil) is safe.
func TestDropWithoutCaches(t *testing.T) {
	require.NotPanics(t, func() { Caches{}.Drop(Catalog | Requests) })
}
