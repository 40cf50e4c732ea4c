// Package events delivers domain events — a buy request was posted, an inquiry
// changed — to the subscriptions that wait for them. Events carry ids only: each
// subscriber loads the data through ent, as its own viewer, so privacy applies.
//
// Local is an in-process bus (SQLite, one process). Postgres publishes with
// pg_notify and listens on a dedicated connection, so an event posted on one
// replica reaches subscribers on every replica; it reconnects by itself.
package events

import (
	"context"
	"sync"
	"sync/atomic"
)

// Topics.
const (
	BuyRequestCreated = "buy_request.created"
	InquiryUpdated    = "inquiry.updated"
	// CatalogChanged: a committed write changed the public catalog (products,
	// producers, certificates, market rules, export records, FX rates; the id is
	// 0): every replica drops its cached match results and anonymous responses.
	CatalogChanged = "catalog.changed"
	// RequestsChanged: a committed write changed buy requests (the id is 0):
	// every replica drops its cached match and lead results.
	RequestsChanged = "requests.changed"
	// SessionsRevoked: tokens of an account were revoked (log-out, all sessions
	// revoked, account disabled; the id is the account's): every replica checks
	// the websockets of that account again and closes those of revoked tokens.
	SessionsRevoked = "sessions.revoked"
	// SavedSearchHit: a product entered a saved search (the id is the hit's,
	// internal/savedsearch).
	SavedSearchHit = "saved_search.hit"
	// NotificationAdded carries the id of an account that has new
	// notifications (one event per account, however many were written).
	NotificationAdded = "notification.added"
	// MeetingUpdated: a fair meeting was requested, answered, rescheduled or
	// cancelled (the id is the meeting's, internal/fair).
	MeetingUpdated = "meeting.updated"
)

// Event is something that happened to one record.
type Event struct {
	Topic string `json:"t"`
	ID    int    `json:"id"`
}

// Bus publishes events and hands them to subscribers.
type Bus interface {
	Publish(ctx context.Context, e Event) error
	Subscribe(topic string) *Subscription
	// Listen calls fn, synchronously and quickly, for every event of the topic
	// (the process's own bookkeeping, such as dropping caches; not counted as a
	// subscription, never cut off), and with an event of id 0 whenever events may
	// have been missed (the PostgreSQL listener reconnected).
	Listen(topic string, fn func(Event))
	Stats() Stats
	Close() error
}

// Stats count the bus's traffic.
type Stats struct {
	Published, Delivered, Dropped int64
	Subscriptions                 int64
}

// BufferSize is how many undelivered events a subscriber may lag behind before it
// is cut off: a slow consumer never grows memory.
const BufferSize = 64

// Subscription receives the events of one topic on C until Close, or until it
// falls BufferSize events behind (then C is closed and Overflowed reports true).
type Subscription struct {
	C          <-chan Event
	c          chan Event
	topic      string
	hub        *hub
	once       sync.Once
	overflowed atomic.Bool
}

// Close ends the subscription; it is safe to call more than once.
func (s *Subscription) Close() { s.hub.remove(s) }

// Overflowed reports whether the subscription was cut off for lagging.
func (s *Subscription) Overflowed() bool { return s.overflowed.Load() }

// hub fans events out to the subscriptions of this process.
type hub struct {
	mu        sync.RWMutex
	subs      map[string]map[*Subscription]struct{}
	listeners map[string][]func(Event)
	stats     struct{ published, delivered, dropped, subscriptions atomic.Int64 }
}

func newHub() *hub {
	return &hub{subs: map[string]map[*Subscription]struct{}{}, listeners: map[string][]func(Event){}}
}

func (h *hub) listen(topic string, fn func(Event)) {
	h.mu.Lock()
	h.listeners[topic] = append(h.listeners[topic], fn)
	h.mu.Unlock()
}

func (h *hub) subscribe(topic string) *Subscription {
	c := make(chan Event, BufferSize)
	s := &Subscription{C: c, c: c, topic: topic, hub: h}
	h.mu.Lock()
	if h.subs[topic] == nil {
		h.subs[topic] = map[*Subscription]struct{}{}
	}
	h.subs[topic][s] = struct{}{}
	h.mu.Unlock()
	h.stats.subscriptions.Add(1)
	return s
}

func (h *hub) remove(s *Subscription) {
	s.once.Do(func() {
		h.mu.Lock()
		delete(h.subs[s.topic], s)
		h.mu.Unlock()
		close(s.c)
		h.stats.subscriptions.Add(-1)
	})
}

// missed tells the listeners that events may have been lost.
func (h *hub) missed() {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for topic, fns := range h.listeners {
		for _, fn := range fns {
			fn(Event{Topic: topic})
		}
	}
}

func (h *hub) deliver(e Event) {
	h.mu.RLock()
	for _, fn := range h.listeners[e.Topic] {
		fn(e)
	}
	var lagging []*Subscription
	for s := range h.subs[e.Topic] {
		select {
		case s.c <- e:
			h.stats.delivered.Add(1)
		default:
			h.stats.dropped.Add(1)
			lagging = append(lagging, s)
		}
	}
	h.mu.RUnlock()
	for _, s := range lagging {
		s.overflowed.Store(true)
		h.remove(s)
	}
}

func (h *hub) snapshot() Stats {
	return Stats{Published: h.stats.published.Load(), Delivered: h.stats.delivered.Load(),
		Dropped: h.stats.dropped.Load(), Subscriptions: h.stats.subscriptions.Load()}
}

// Local is the in-process bus.
type Local struct{ h *hub }

// NewLocal returns an in-process bus.
func NewLocal() *Local { return &Local{h: newHub()} }

// Publish delivers the event to this process's subscribers.
func (l *Local) Publish(_ context.Context, e Event) error {
	l.h.stats.published.Add(1)
	l.h.deliver(e)
	return nil
}

// Subscribe starts receiving a topic.
func (l *Local) Subscribe(topic string) *Subscription { return l.h.subscribe(topic) }

// Listen calls fn for every event of the topic.
func (l *Local) Listen(topic string, fn func(Event)) { l.h.listen(topic, fn) }

// Stats counts traffic.
func (l *Local) Stats() Stats { return l.h.snapshot() }

// Close does nothing for the in-process bus.
func (l *Local) Close() error { return nil }
