package main

import (
	"context"
	"io"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
)

// serve runs the quote expiry job: a quote past its validUntil becomes EXPIRED
// without any request, and its inquiry waits for a new quote again.
func TestServeExpiresQuotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "expiry.db")
	sys := authz.System(context.Background())
	db, err := openMigrated(sys, path)
	require.NoError(t, err)
	defer db.Close()
	c := db.Client
	producer := c.Producer.Create().SetName("Samudra Tengiri").SetDistrict("BRONDONG").SetSector(domain.SectorFishery).SetSizeClass(domain.SizeSmall).SaveX(sys)
	buyer := c.Buyer.Create().SetCompany("Bangkok Seafood").SetCountry("TH").SetType("IMPORTER").SaveX(sys)
	inq := c.Inquiry.Create().SetBuyerID(buyer.ID).SetProducerID(producer.ID).SetSubject("Tengiri").SetStatus(domain.InquiryQuoted).SaveX(sys)
	quote := func(validUntil time.Time) int {
		return c.Quote.Create().SetInquiryID(inq.ID).SetPrice(money.MustParse("3.45")).SetCurrency("USD").SetPriceUnit(domain.UnitKG).
			SetQuantityAmount(8).SetQuantityUnit(domain.UnitTonne).SetQuantityPer(domain.PerMonth).SetIncoterm("CFR").
			SetValidUntil(validUntil).SaveX(sys).ID
	}
	due := quote(time.Now().Add(-time.Minute))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--database", path, "--addr", "127.0.0.1:0", "--quote-expiry-interval", "50ms"}, &out, io.Discard)
	}()
	require.Eventually(t, func() bool { return regexp.MustCompile(`GraphQL API:`).MatchString(out.String()) }, 20*time.Second, 20*time.Millisecond)
	require.Eventually(t, func() bool { return c.Quote.GetX(sys, due).Status == domain.QuoteExpired }, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, domain.InquiryOpen, c.Inquiry.GetX(sys, inq.ID).Status)

	// Later quotes are expired by the following runs of the job.
	soon := quote(time.Now().Add(150 * time.Millisecond))
	require.Equal(t, domain.QuotePending, c.Quote.GetX(sys, soon).Status)
	require.Eventually(t, func() bool { return c.Quote.GetX(sys, soon).Status == domain.QuoteExpired }, 10*time.Second, 20*time.Millisecond)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
