package trade

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
)

// expiryBatch is how many due quotes one query of ExpireQuotes loads.
const expiryBatch = 200

// ExpireQuotes marks every pending quote whose validity ended before now as
// EXPIRED (decided at now), and puts its inquiry back to OPEN when it was
// waiting on that quote. It returns the quotes it expired. A quote decided
// meanwhile (accepted, withdrawn, expired by another replica) is left alone, so
// replicas may run it at the same time. It changes quotes on nobody's behalf:
// run it under authz.System.
func ExpireQuotes(ctx context.Context, db *ent.Client, now time.Time) ([]*ent.Quote, error) {
	var out []*ent.Quote
	after := 0
	for {
		due, err := db.Quote.Query().
			Where(quote.StatusEQ(domain.QuotePending), quote.ValidUntilLT(now), quote.IDGT(after)).
			Order(ent.Asc(quote.FieldID)).Limit(expiryBatch).All(ctx)
		if err != nil {
			return out, err
		}
		for _, q := range due {
			after = q.ID
			expired, err := expireOne(ctx, db, q, now)
			if err != nil {
				return out, err
			}
			if expired != nil {
				out = append(out, expired)
			}
		}
		if len(due) < expiryBatch {
			return out, nil
		}
	}
}

// expireOne expires a quote and reopens its inquiry in one transaction; nil
// when the quote was decided meanwhile.
func expireOne(ctx context.Context, db *ent.Client, q *ent.Quote, now time.Time) (*ent.Quote, error) {
	tx, err := db.Tx(ctx)
	if err != nil {
		return nil, err
	}
	expired, err := transition(ctx, tx.Client(), q, Expire, now)
	if apperr.CodeOf(err) == apperr.CodeConflict {
		return nil, tx.Rollback()
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	// The thread waits for a new quote, unless it was accepted or closed.
	err = tx.Inquiry.Update().
		Where(inquiry.ID(q.InquiryID), inquiry.StatusEQ(domain.InquiryQuoted),
			inquiry.Not(inquiry.HasQuotesWith(quote.StatusEQ(domain.QuotePending)))).
		SetStatus(domain.InquiryOpen).Exec(ctx)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return expired, nil
}

// RunQuoteExpiry runs ExpireQuotes at once and then every interval until ctx
// ends, calling expired for each quote it expired (to publish the change of its
// inquiry). Failures are logged and retried at the next tick.
func RunQuoteExpiry(ctx context.Context, db *ent.Client, every time.Duration, now func() time.Time, expired func(*ent.Quote), log *slog.Logger) {
	if every <= 0 {
		panic(fmt.Sprintf("trade: quote expiry interval %v", every))
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		qs, err := ExpireQuotes(ctx, db, now())
		for _, q := range qs {
			expired(q)
		}
		if err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "expiring quotes", "err", err.Error())
		} else if len(qs) > 0 {
			log.InfoContext(ctx, "expired quotes", "count", len(qs))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
