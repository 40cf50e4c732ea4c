package trade_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/trade"
)

func TestExpireQuotes(t *testing.T) {
	w := newWorld(t)
	sys := authz.System(context.Background())

	dueInq, keptInq, acceptedInq := w.inquiry(), w.inquiry(), w.inquiry()
	due := w.quote(dueInq.ID, time.Hour)
	kept := w.quote(keptInq.ID, 48*time.Hour)
	accepted := w.quote(acceptedInq.ID, time.Hour)
	_, err := trade.Act(w.asBuyerA, w.db, accepted.ID, trade.Accept, now)
	require.NoError(t, err)
	declinedInq := w.inquiry()
	declined := w.quote(declinedInq.ID, time.Hour)
	_, err = trade.Act(w.asBuyerA, w.db, declined.ID, trade.Decline, now)
	require.NoError(t, err)

	later := now.Add(2 * time.Hour)
	_, err = trade.ExpireQuotes(w.asProdA, w.db, later)
	requireCode(t, apperr.CodeForbidden, err, "a party cannot expire quotes")
	require.Equal(t, domain.QuotePending, w.quoteStatus(due.ID))

	got, err := trade.ExpireQuotes(sys, w.db, later)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, due.ID, got[0].ID)
	require.Equal(t, domain.QuoteExpired, got[0].Status)
	stored := w.db.Quote.GetX(sys, due.ID)
	require.Equal(t, domain.QuoteExpired, stored.Status)
	require.True(t, stored.DecidedAt.Equal(later), "decided when it was expired")
	require.Equal(t, domain.InquiryOpen, w.inquiryStatus(dueInq.ID), "the thread waits for a new quote")

	require.Equal(t, domain.QuotePending, w.quoteStatus(kept.ID), "still valid")
	require.Equal(t, domain.InquiryQuoted, w.inquiryStatus(keptInq.ID))
	require.Equal(t, domain.QuoteAccepted, w.quoteStatus(accepted.ID), "a decided quote stays as decided")
	require.Equal(t, domain.InquiryAccepted, w.inquiryStatus(acceptedInq.ID))
	require.Equal(t, domain.QuoteDeclined, w.quoteStatus(declined.ID))

	_, err = trade.Act(w.asBuyerA, w.db, due.ID, trade.Accept, later)
	requireCode(t, apperr.CodeConflict, err, "an expired quote cannot be accepted")
	require.ErrorContains(t, err, "expired")
	w.quote(dueInq.ID, 48*time.Hour) // the producer may quote again

	again, err := trade.ExpireQuotes(sys, w.db, later)
	require.NoError(t, err)
	require.Empty(t, again, "a second pass finds nothing")
}

// dueQuotes stores n quoted inquiries whose quotes ran out an hour after now.
func (w *world) dueQuotes(n int) []*ent.Inquiry {
	sys := authz.System(context.Background())
	bulk := make([]*ent.InquiryCreate, n)
	for i := range bulk {
		bulk[i] = w.db.Inquiry.Create().SetBuyerID(w.buyerA).SetProducerID(w.prodA).SetSubject("Tengiri").SetStatus(domain.InquiryQuoted)
	}
	inqs := w.db.Inquiry.CreateBulk(bulk...).SaveX(sys)
	quotes := make([]*ent.QuoteCreate, n)
	for i, inq := range inqs {
		in := w.quoteInput(inq.ID, time.Hour)
		quotes[i] = w.db.Quote.Create().SetInquiryID(inq.ID).SetPrice(in.Price.Amount).SetCurrency("USD").SetPriceUnit(domain.UnitKG).
			SetQuantityAmount(8).SetQuantityUnit(domain.UnitTonne).SetQuantityPer(domain.PerMonth).SetIncoterm("CFR").SetValidUntil(in.ValidUntil)
	}
	w.db.Quote.CreateBulk(quotes...).ExecX(sys)
	return inqs
}

// Two replicas running the job at once expire each quote exactly once.
func TestExpireQuotesConcurrently(t *testing.T) {
	w := newWorld(t)
	sys := authz.System(context.Background())
	const n = 40
	w.dueQuotes(n)
	var wg sync.WaitGroup
	results := make([][]*ent.Quote, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = trade.ExpireQuotes(sys, w.db, now.Add(2*time.Hour))
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for i := range results {
		require.NoError(t, errs[i])
		for _, q := range results[i] {
			require.False(t, seen[q.ID], "quote %d expired twice", q.ID)
			seen[q.ID] = true
		}
	}
	require.Len(t, seen, n)
}

// Many due quotes are expired in batches, each exactly once.
func TestExpireQuotesInBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 250 quotes")
	}
	w := newWorld(t)
	sys := authz.System(context.Background())
	const n = 250
	inqs := w.dueQuotes(n)
	got, err := trade.ExpireQuotes(sys, w.db, now.Add(2*time.Hour))
	require.NoError(t, err)
	require.Equal(t, n, len(got), "every due quote is expired")
	seen := map[int]bool{}
	for _, q := range got {
		require.False(t, seen[q.ID])
		seen[q.ID] = true
	}
	require.Zero(t, w.db.Quote.Query().Where(quote.StatusEQ(domain.QuotePending)).CountX(sys), "none left pending")
	require.Equal(t, n, w.db.Inquiry.Query().CountX(sys))
	for _, inq := range inqs[:3] {
		require.Equal(t, domain.InquiryOpen, w.inquiryStatus(inq.ID))
	}
}

// The server's loop expires at once, then at every tick, and stops with its
// context.
func TestRunQuoteExpiry(t *testing.T) {
	w := newWorld(t)
	inq := w.inquiry()
	q := w.quote(inq.ID, time.Hour)

	var mu sync.Mutex
	clock := now
	var published []int
	ctx, cancel := context.WithCancel(authz.System(context.Background()))
	done := make(chan struct{})
	go func() {
		defer close(done)
		trade.RunQuoteExpiry(ctx, w.db, 10*time.Millisecond, func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			return clock
		}, func(q *ent.Quote) {
			mu.Lock()
			published = append(published, q.InquiryID)
			mu.Unlock()
		}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	time.Sleep(50 * time.Millisecond)
	require.Equal(t, domain.QuotePending, w.quoteStatus(q.ID), "not yet due")
	mu.Lock()
	clock = now.Add(2 * time.Hour)
	mu.Unlock()
	require.Eventually(t, func() bool { return w.quoteStatus(q.ID) == domain.QuoteExpired }, 5*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(published) == 1 && published[0] == inq.ID
	}, 5*time.Second, 10*time.Millisecond, "the change of the inquiry is announced once")
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the expiry loop did not stop with its context")
	}
}
