package schema

import (
	"context"
	"database/sql"

	"entgo.io/ent"
	entsql "entgo.io/ent/dialect/sql"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fraud"
	"github.com/exportiva/exportiva/internal/replyrate"
)

// messageReplyHook records a message as a first reply on its thread when it
// is one (internal/replyrate: set once, by a conditional update, in the
// message's transaction).
func messageReplyHook(next ent.Mutator) ent.Mutator {
	return hook.MessageFunc(func(ctx context.Context, m *gen.MessageMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		msg, ok := v.(*gen.Message)
		if !ok {
			return v, nil
		}
		return v, replyrate.Record(ctx, m.Client(), msg.InquiryID, msg.Sender, msg.CreatedAt)
	})
}

// quoteReplyHook records a quote as the producer's first reply on its thread
// when it is one.
func quoteReplyHook(next ent.Mutator) ent.Mutator {
	return hook.QuoteFunc(func(ctx context.Context, m *gen.QuoteMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		q, ok := v.(*gen.Quote)
		if !ok {
			return v, nil
		}
		return v, replyrate.Record(ctx, m.Client(), q.InquiryID, domain.PartyProducer, q.CreatedAt)
	})
}

// messageFraudHook stores with a new message the fraud patterns its body
// holds (internal/fraud), for the recipient's warning and the trade
// office's queue.
func messageFraudHook(next ent.Mutator) ent.Mutator {
	return hook.MessageFunc(func(ctx context.Context, m *gen.MessageMutation) (ent.Value, error) {
		id, _ := m.InquiryID()
		body, _ := m.Body()
		kinds, err := scanOnInquiry(ctx, m.Client(), id, body)
		if err != nil {
			return nil, err
		}
		if len(kinds) > 0 {
			m.SetFraudFlags(kinds)
			m.SetFraudFlagged(true)
		}
		return next.Mutate(ctx, m)
	})
}

// quoteFraudHook is messageFraudHook for a quote's note.
func quoteFraudHook(next ent.Mutator) ent.Mutator {
	return hook.QuoteFunc(func(ctx context.Context, m *gen.QuoteMutation) (ent.Value, error) {
		note, _ := m.Note()
		if note == "" {
			return next.Mutate(ctx, m)
		}
		id, _ := m.InquiryID()
		kinds, err := scanOnInquiry(ctx, m.Client(), id, note)
		if err != nil {
			return nil, err
		}
		if len(kinds) > 0 {
			m.SetFraudFlags(kinds)
			m.SetFraudFlagged(true)
		}
		return next.Mutate(ctx, m)
	})
}

// scanOnInquiry scans text written on an inquiry against the web sites of its
// two firms (as the system: the hooks run it for whoever writes).
func scanOnInquiry(ctx context.Context, db *gen.Client, inquiryID int, text string) ([]fraud.Kind, error) {
	// One statement: the thread joined to its two firms, their web sites only.
	var rows []struct {
		Producer sql.NullString `json:"producer_website"`
		Buyer    sql.NullString `json:"buyer_website"`
	}
	err := db.Inquiry.Query().Where(inquiry.ID(inquiryID)).Modify(func(s *entsql.Selector) {
		p, b := entsql.Table(producer.Table), entsql.Table(buyer.Table)
		s.Join(p).On(s.C(inquiry.FieldProducerID), p.C(producer.FieldID)).
			Join(b).On(s.C(inquiry.FieldBuyerID), b.C(buyer.FieldID))
		s.Select(entsql.As(p.C(producer.FieldWebsite), "producer_website"), entsql.As(b.C(buyer.FieldWebsite), "buyer_website"))
	}).Scan(authz.System(ctx), &rows)
	if err != nil {
		return nil, err
	}
	var c fraud.Context
	for _, r := range rows {
		c.Firms = append(c.Firms, r.Producer.String, r.Buyer.String)
	}
	return fraud.Scan(text, c), nil
}
