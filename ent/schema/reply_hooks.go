package schema

import (
	"context"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
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
