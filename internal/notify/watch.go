package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/match"
	"github.com/exportiva/exportiva/internal/outbox"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Watch registers the hooks that notify the other side of a negotiation and
// queue the lead fan-out of a new buy request. They act on writes made by a
// signed-in account (a request); system work (seeding, the quote expiry job)
// notifies no one. Calling it again on the same client does nothing.
func Watch(c *gen.Client, n *Notifier) {
	if _, loaded := watched.LoadOrStore(c, n); loaded {
		return
	}
	c.Message.Use(hook.On(n.messageHook, ent.OpCreate))
	c.Quote.Use(hook.On(n.quoteCreateHook, ent.OpCreate))
	c.Quote.Use(hook.On(n.quoteDecisionHook, ent.OpUpdateOne))
	c.BuyRequest.Use(hook.On(leadHook, ent.OpCreate))
	c.Verification.Use(hook.On(n.verificationHook, ent.OpCreate|ent.OpUpdateOne))
	c.Meeting.Use(hook.On(n.meetingHook, ent.OpCreate|ent.OpUpdateOne))
}

// acting reports whether a person (not system work) makes the write.
func acting(ctx context.Context) bool { return viewer.FromContext(ctx) != nil }

// about loads an inquiry with its parties' names.
func about(ctx context.Context, db *gen.Client, inquiryID int) (*gen.Inquiry, error) {
	return db.Inquiry.Query().Where(inquiryIDIs(inquiryID)).WithBuyer().WithProducer().Only(authz.System(ctx))
}

// toSide notifies the accounts of one side of an inquiry.
func (n *Notifier) toSide(ctx context.Context, db *gen.Client, inq *gen.Inquiry, side domain.Party, kind domain.NotificationKind) error {
	var recipients []int
	var err error
	actor := ""
	if side == domain.PartyProducer {
		recipients, err = MembersOf(ctx, db, []int{inq.ProducerID}, nil)
		if b := inq.Edges.Buyer; b != nil {
			actor = b.Company
		}
	} else {
		recipients, err = MembersOf(ctx, db, nil, &inq.BuyerID)
		if p := inq.Edges.Producer; p != nil {
			actor = p.Name
		}
	}
	if err != nil {
		return err
	}
	_, err = n.Send(ctx, db, recipients, Event{Kind: kind, Subject: inq.Subject, Actor: actor, InquiryID: &inq.ID})
	return err
}

func (n *Notifier) messageHook(next ent.Mutator) ent.Mutator {
	return hook.MessageFunc(func(ctx context.Context, m *gen.MessageMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || !acting(ctx) {
			return v, err
		}
		id, _ := m.InquiryID()
		sender, _ := m.Sender()
		db := m.Client()
		inq, err := about(ctx, db, id)
		if err != nil {
			return v, err
		}
		kind := domain.NotifyMessageReceived
		if count, err := db.Message.Query().Where(message.InquiryID(id)).Count(authz.System(ctx)); err != nil {
			return v, err
		} else if count == 1 {
			kind = domain.NotifyInquiryReceived // the thread's first message opens it
		}
		to := domain.PartyBuyer
		if sender == domain.PartyBuyer {
			to = domain.PartyProducer
		}
		return v, n.toSide(ctx, db, inq, to, kind)
	})
}

func (n *Notifier) quoteCreateHook(next ent.Mutator) ent.Mutator {
	return hook.QuoteFunc(func(ctx context.Context, m *gen.QuoteMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || !acting(ctx) {
			return v, err
		}
		id, _ := m.InquiryID()
		inq, err := about(ctx, m.Client(), id)
		if err != nil {
			return v, err
		}
		return v, n.toSide(ctx, m.Client(), inq, domain.PartyBuyer, domain.NotifyQuoteReceived)
	})
}

func (n *Notifier) quoteDecisionHook(next ent.Mutator) ent.Mutator {
	return hook.QuoteFunc(func(ctx context.Context, m *gen.QuoteMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		status, changed := m.Status()
		if err != nil || !changed || !acting(ctx) {
			return v, err
		}
		var kind domain.NotificationKind
		switch status {
		case domain.QuoteAccepted:
			kind = domain.NotifyQuoteAccepted
		case domain.QuoteDeclined:
			kind = domain.NotifyQuoteDeclined
		default:
			return v, nil
		}
		q, ok := v.(*gen.Quote)
		if !ok {
			return v, fmt.Errorf("quote hook: unexpected value %T", v)
		}
		inq, err := about(ctx, m.Client(), q.InquiryID)
		if err != nil {
			return v, err
		}
		return v, n.toSide(ctx, m.Client(), inq, domain.PartyProducer, kind)
	})
}

// leadPayload is the outbox item of a lead fan-out.
type leadPayload struct {
	BuyRequestID int `json:"buyRequestId"`
}

// leadHook queues the fan-out of a new buy request in its transaction.
func leadHook(next ent.Mutator) ent.Mutator {
	return hook.BuyRequestFunc(func(ctx context.Context, m *gen.BuyRequestMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || !acting(ctx) {
			return v, err
		}
		br, ok := v.(*gen.BuyRequest)
		if !ok {
			return v, fmt.Errorf("buy request hook: unexpected value %T", v)
		}
		return v, outbox.Add(ctx, m.Client(), outbox.KindLeadFanout, leadPayload{BuyRequestID: br.ID})
	})
}

// FanOutHandler is the outbox handler of lead fan-outs.
func (n *Notifier) FanOutHandler(db *gen.Client) outbox.Handler {
	return func(ctx context.Context, _ int, payload []byte) error {
		var p leadPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return outbox.Permanent(err)
		}
		_, err := n.FanOut(ctx, db, p.BuyRequestID)
		return err
	}
}

// FanOut notifies the members of every producer whose products fit an open
// buy request (the FULL matches of the matching engine, at most
// match.MaxCandidates products judged), in one transaction. It does nothing
// for a request already fanned out (a retry after a crash), closed or gone.
// It returns how many notifications it wrote.
func (n *Notifier) FanOut(ctx context.Context, db *gen.Client, buyRequestID int) (int, error) {
	sys := authz.System(ctx)
	br, err := db.BuyRequest.Query().Where(buyRequestIDIs(buyRequestID)).WithBuyer().Only(sys)
	if gen.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if br.Status != domain.BuyRequestOpen || !br.ValidUntil.After(n.now()) || br.HiddenAt != nil {
		return 0, nil
	}
	if done, err := db.Notification.Query().Where(notification.BuyRequestID(br.ID), notification.KindEQ(domain.NotifyNewLead)).Exist(sys); err != nil || done {
		return 0, err
	}
	out, err := match.Find(sys, db, match.RequestOf(br, n.now()))
	if err != nil {
		return 0, outbox.Permanent(err) // a stored request that no longer validates
	}
	seen := map[int]bool{}
	var producers []int
	for _, m := range out.Matches {
		if m.Fit == match.Full && !seen[m.Product.ProducerID] && match.WantsLeadFrom(m.Product.Edges.Producer, br.Edges.Buyer, n.now()) {
			seen[m.Product.ProducerID] = true
			producers = append(producers, m.Product.ProducerID)
		}
	}
	// Blocks between the buyer and a producer, either way: no lead.
	blocked, err := match.BlockedProducers(ctx, db, br.BuyerID, producers)
	if err != nil {
		return 0, err
	}
	producers = slices.DeleteFunc(producers, func(id int) bool { return blocked[id] })
	if len(producers) == 0 {
		return 0, nil
	}
	tx, err := db.Tx(sys)
	if err != nil {
		return 0, err
	}
	tctx := gen.NewTxContext(gen.NewContext(ctx, tx.Client()), tx)
	recipients, err := MembersOf(tctx, tx.Client(), producers, nil)
	if err != nil {
		_ = tx.Rollback()
		return 0, err
	}
	actor := ""
	if b := br.Edges.Buyer; b != nil {
		actor = b.Company
	}
	written, err := n.Send(tctx, tx.Client(), recipients, Event{Kind: domain.NotifyNewLead, Subject: br.Title, Actor: actor, BuyRequestID: &br.ID})
	if err != nil {
		_ = tx.Rollback()
		return 0, err
	}
	return written, tx.Commit()
}
