// Package changes owns what a write invalidates: for each ent type, which kind
// of data a write to it changes; for each kind, which caches it drops and which
// bus topic tells the other replicas. The server installs it (Watch), the
// mutation transaction records a request's writes (Track) and reports them
// after its commit (Caches.Committed).
package changes

import (
	"context"
	"sync/atomic"

	entgo "entgo.io/ent"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/events"
)

// Kind says what a write touched, for the caches that depend on it (a set of
// bits).
type Kind uint32

const (
	// Catalog covers: products, producers, certificates, market rules, export records
	// or exchange rates — what matching reads and anyone may see.
	Catalog Kind = 1 << iota
	// Requests covers: buy requests — what leads read, which only signed-in viewers
	// see.
	Requests
)

// kinds says, for every ent type, what a write to it changes; 0 for the types
// no cache holds (accounts, sessions, the negotiation threads, the search
// index, which only product writes fill). A test keeps it complete: a new type
// must be placed here.
var kinds = map[string]Kind{
	ent.TypeProduct:       Catalog,
	ent.TypeProducer:      Catalog,
	ent.TypeCertification: Catalog,
	ent.TypeMarketRule:    Catalog,
	ent.TypeExportRecord:  Catalog,
	ent.TypeFxRate:        Catalog,
	ent.TypeMedia:         Catalog, // product photos and logos: on every anonymous catalog page
	ent.TypeBuyRequest:    Requests,
	ent.TypeBuyer:         Requests, // never shown to anonymous viewers; leads read its verification (Producer.leadsVerifiedBuyersOnly)
	ent.TypeAccount:       0,
	ent.TypeSession:       0,
	ent.TypeInquiry:       0,
	ent.TypeMessage:       0,
	ent.TypeQuote:         0,
	ent.TypeProductTerm:   0,
	ent.TypeProductCount:  Catalog, // totalCount reads it; a recount at start writes it outside a product write
	// Saved searches are their account's alone (never in an anonymous
	// answer) and matching does not read them.
	ent.TypeSavedSearch:    0,
	ent.TypeSavedSearchKey: 0,
	ent.TypeSavedSearchHit: 0,
	// Account life and notifications: private, read by neither cache.
	ent.TypeAccountToken:    0,
	ent.TypeNotification:    0,
	ent.TypeOutbox:          0,
	ent.TypeWebhookEndpoint: 0,
	ent.TypeWebhookDelivery: 0,
	ent.TypeVerification:    Catalog, // a producer's scopes and expiry: on catalog pages and in match scores
	// The fair: events and booths are public (anonymous answers show them);
	// registrations, meetings and outcomes are their parties' and matching
	// does not read them.
	ent.TypeEvent:             Catalog,
	ent.TypeBooth:             Catalog,
	ent.TypeParticipant:       0,
	ent.TypeAvailabilityBlock: 0,
	ent.TypeMeeting:           0,
	ent.TypeMeetingSlot:       0,
	ent.TypeOutcome:           0,
	ent.TypeBadgeScan:         0, // an exhibitor's lead from a badge: its own, no cache reads it
	// Moderation: a block changes a producer's leads; reports are read by
	// no cache (hiding writes the product, buy request or message itself).
	ent.TypeFirmBlock: Requests,
	ent.TypeReport:    0,
}

// Of returns what a write to the ent type typ changes.
func Of(typ string) Kind { return kinds[typ] }

// Invalidator is a cache that can drop everything it holds at once
// (cache.Cache, match.Cache; nil receivers do nothing).
type Invalidator interface{ Invalidate() }

// Caches are the caches that writes make stale.
type Caches struct {
	// Matches holds match outcomes and lead lists: every kind drops it.
	Matches Invalidator
	// Responses holds the responses to anonymous queries: only Catalog drops
	// it (anonymous viewers never see buy requests).
	Responses Invalidator
	// Requests holds what leads read in memory (the match index's open buy
	// requests): only Requests drops it.
	Requests Invalidator
}

// Drop invalidates the caches that k reaches.
func (c Caches) Drop(k Kind) {
	if k == 0 {
		return
	}
	if c.Matches != nil {
		c.Matches.Invalidate()
	}
	if k&Catalog != 0 && c.Responses != nil {
		c.Responses.Invalidate()
	}
	if k&Requests != 0 && c.Requests != nil {
		c.Requests.Invalidate()
	}
}

// Topic returns the bus topic that tells the other replicas about k ("" for
// none). Catalog's topic covers Requests too: its listeners drop every cache.
func Topic(k Kind) string {
	switch {
	case k&Catalog != 0:
		return events.CatalogChanged
	case k&Requests != 0:
		return events.RequestsChanged
	}
	return ""
}

// kindOf is the inverse of Topic, for a listener: Catalog's topic covers
// Requests too.
var kindOf = map[string]Kind{events.CatalogChanged: Catalog | Requests, events.RequestsChanged: Requests}

// Watch makes c follow the data: after every successful write that changes
// something (Of), client's hooks drop what it reaches at once and record it in the
// request (Track); every replica's announcement on bus (this one's too, and
// the event with id 0 a reconnecting listener delivers) drops them again.
func Watch(client *ent.Client, bus events.Bus, c Caches) {
	client.Use(func(next entgo.Mutator) entgo.Mutator {
		return entgo.MutateFunc(func(ctx context.Context, m entgo.Mutation) (entgo.Value, error) {
			v, err := next.Mutate(ctx, m)
			if k := kinds[m.Type()]; err == nil && k != 0 {
				c.Drop(k)
				if t, ok := ctx.Value(trackKey{}).(*atomic.Uint32); ok {
					t.Or(uint32(k))
				}
			}
			return v, err
		})
	})
	if bus != nil {
		for topic, k := range kindOf {
			bus.Listen(topic, func(events.Event) { c.Drop(k) })
		}
	}
}

type trackKey struct{}

// Track returns a context in which Watch's hooks record what a request's writes
// changed; Touched reports it.
func Track(ctx context.Context) context.Context {
	return context.WithValue(ctx, trackKey{}, new(atomic.Uint32))
}

// Touched reports what the writes under Track(ctx) changed (0: nothing cached).
func Touched(ctx context.Context) Kind {
	if t, ok := ctx.Value(trackKey{}).(*atomic.Uint32); ok {
		return Kind(t.Load())
	}
	return 0
}

// Committed runs after the commit of a request whose context Track made: it
// drops on this replica what the request's writes reached (answers computed
// between the write and the commit saw the old data) before the client hears
// of the commit — a PostgreSQL bus echoes the announcement back only later —
// and returns the event that tells every replica (ok false: nothing cached
// changed).
func (c Caches) Committed(ctx context.Context) (e events.Event, ok bool) {
	k := Touched(ctx)
	if k == 0 {
		return events.Event{}, false
	}
	c.Drop(k)
	return events.Event{Topic: Topic(k)}, true
}
