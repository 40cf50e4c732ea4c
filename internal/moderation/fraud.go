package moderation

import (
	"context"

	"entgo.io/contrib/entgql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/fraud"
	"github.com/exportiva/exportiva/internal/viewer"
)

// officeOnly refuses everyone but the trade office.
func officeOnly(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.Unauthenticated("sign in as the trade office to review flagged messages")
	case !v.Admin():
		return apperr.Forbidden("only the trade office reviews flagged messages and quotes")
	}
	return nil
}

// FlaggedMessages pages the messages the fraud shield flagged, newest first
// (trade office only).
func FlaggedMessages(ctx context.Context, db *ent.Client, first *int, after *entgql.Cursor[int]) (*ent.MessageConnection, error) {
	if err := officeOnly(ctx); err != nil {
		return nil, err
	}
	return db.Message.Query().Where(message.FraudFlagged(true)).Paginate(ctx, after, first, nil, nil,
		ent.WithMessageOrder(&ent.MessageOrder{Direction: entgql.OrderDirectionDesc, Field: ent.MessageOrderFieldCreatedAt}))
}

// FlaggedQuotes pages the quotes whose note the fraud shield flagged, newest
// first (trade office only).
func FlaggedQuotes(ctx context.Context, db *ent.Client, first *int, after *entgql.Cursor[int]) (*ent.QuoteConnection, error) {
	if err := officeOnly(ctx); err != nil {
		return nil, err
	}
	return db.Quote.Query().Where(quote.FraudFlagged(true)).Paginate(ctx, after, first, nil, nil,
		ent.WithQuoteOrder(&ent.QuoteOrder{Direction: entgql.OrderDirectionDesc, Field: ent.QuoteOrderFieldCreatedAt}))
}

// WarningFor returns the kinds the reader of a text written by sender is
// warned about: none for the sender's own side (a producer's accounts for a
// producer's message; whoever can read a message is one of its two firms or
// the trade office, so the role tells the side).
func WarningFor(ctx context.Context, sender domain.Party, kinds []fraud.Kind) []fraud.Kind {
	v := viewer.FromContext(ctx)
	if len(kinds) == 0 || v == nil {
		return nil
	}
	switch {
	case v.Admin():
		return kinds
	case sender == domain.PartyProducer && v.Role == domain.RoleProducer,
		sender == domain.PartyBuyer && v.Role == domain.RoleBuyer:
		return nil
	}
	return kinds
}
