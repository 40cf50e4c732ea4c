package graph

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/viewer"
)

// publish sends an event once the request's transaction has committed (at once
// when there is none), so subscribers never hear of data that was rolled back.
func (r *Resolver) publish(ctx context.Context, e events.Event) {
	if r.bus == nil {
		return
	}
	send := func() { r.publishNow(ctx, e) }
	events.AfterCommit(ctx, send)
}

// publishNow sends an event at once (the caller knows the data is committed).
func (r *Resolver) publishNow(ctx context.Context, e events.Event) {
	if err := r.bus.Publish(context.WithoutCancel(ctx), e); err != nil {
		r.log.WarnContext(ctx, "publishing event", "topic", e.Topic, "id", e.ID, "err", err.Error())
	}
}

// stream runs a subscription: it receives the topic's events until the client
// goes away or lags behind, and sends what load makes of each (nil: nothing).
func stream[T any](ctx context.Context, bus events.Bus, log *slog.Logger, topic string, load func(context.Context, events.Event) (*T, error)) (<-chan *T, error) {
	release, err := acquire(ctx)
	if err != nil {
		return nil, err
	}
	sub := bus.Subscribe(topic)
	out := make(chan *T, 1)
	go func() {
		defer release()
		defer close(out)
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-sub.C:
				if !ok {
					if sub.Overflowed() {
						log.WarnContext(ctx, "subscription cut off: the client fell behind", "topic", topic)
					}
					return
				}
				v, err := load(ctx, e)
				if err != nil {
					log.WarnContext(ctx, "loading event", "topic", topic, "id", e.ID, "err", err.Error())
					continue
				}
				if v == nil {
					continue
				}
				select {
				case out <- v:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

func (r *Resolver) leadStream(ctx context.Context) (<-chan *match.Lead, error) {
	producerID, err := authz.LeadsProducer(ctx)
	if err != nil {
		return nil, err
	}
	return stream(ctx, r.bus, r.log, events.BuyRequestCreated, func(ctx context.Context, e events.Event) (*match.Lead, error) {
		br, err := r.client.BuyRequest.Get(ctx, e.ID)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		products, err := r.client.Product.Query().Where(product.ProducerID(producerID)).
			WithProducer().WithCertifications().All(ctx)
		if err != nil {
			return nil, err
		}
		return match.LeadFor(ctx, r.client, products, br, r.now())
	})
}

func (r *Resolver) inquiryStream(ctx context.Context, only *int) (<-chan *ent.Inquiry, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, apperr.Unauthenticated("sign in to follow inquiries")
	}
	if only != nil {
		if _, err := r.client.Inquiry.Get(ctx, *only); err != nil {
			if ent.IsNotFound(err) {
				return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such inquiry", Field: []string{"inquiryId"}}
			}
			return nil, err
		}
	}
	return stream(ctx, r.bus, r.log, events.InquiryUpdated, func(ctx context.Context, e events.Event) (*ent.Inquiry, error) {
		if only != nil && e.ID != *only {
			return nil, nil
		}
		inq, err := r.client.Inquiry.Get(ctx, e.ID) // privacy: parties only
		if ent.IsNotFound(err) {
			return nil, nil
		}
		return inq, err
	})
}

// connLimit caps the subscriptions of one websocket connection.
type connLimit struct {
	n   atomic.Int32
	max int32
}

type connLimitKey struct{}

// WithSubscriptionLimit marks ctx as a websocket connection's that may carry at
// most limit subscriptions at once.
func WithSubscriptionLimit(ctx context.Context, limit int) context.Context {
	return context.WithValue(ctx, connLimitKey{}, &connLimit{max: int32(limit)}) //nolint:gosec // the limit is a small configured count (server.Config), far below 2^31
}

// acquire takes a subscription slot of the connection; release gives it back.
func acquire(ctx context.Context) (release func(), err error) {
	l, ok := ctx.Value(connLimitKey{}).(*connLimit)
	if !ok {
		return func() {}, nil
	}
	if l.n.Add(1) > l.max {
		l.n.Add(-1)
		return nil, apperr.BadInput(nil, "at most %d subscriptions per connection", l.max)
	}
	return func() { l.n.Add(-1) }, nil
}

// notificationStream sends the viewer's new notifications: each
// notification.added event of its account reads those written since the last
// one sent (at most a page at a time), through privacy.
func (r *Resolver) notificationStream(ctx context.Context) (<-chan *ent.Notification, error) {
	owner, err := authz.NotificationsOwner(ctx)
	if err != nil {
		return nil, err
	}
	last, err := notify.Newest(ctx, r.client, owner)
	if err != nil {
		return nil, err
	}
	batches, err := stream(ctx, r.bus, r.log, events.NotificationAdded, func(ctx context.Context, e events.Event) (*[]*ent.Notification, error) {
		if e.ID != owner && e.ID != 0 {
			return nil, nil
		}
		list, err := notify.Since(ctx, r.client, owner, last)
		if err != nil || len(list) == 0 {
			return nil, err
		}
		last = list[len(list)-1].ID
		return &list, nil
	})
	if err != nil {
		return nil, err
	}
	out := make(chan *ent.Notification, 1)
	go func() {
		defer close(out)
		for b := range batches {
			for _, n := range *b {
				select {
				case out <- n:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
