package replyrate_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/internal/authz"
	d "github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/replyrate"
	"github.com/exportiva/exportiva/internal/testdb"
)

type thread struct {
	db      *ent.Client
	ctx     context.Context
	inquiry *ent.Inquiry
}

func open(t *testing.T, db *ent.Client, p *ent.Producer, b *ent.Buyer, at time.Time) thread {
	ctx := authz.System(context.Background())
	inq := db.Inquiry.Create().SetBuyerID(b.ID).SetProducerID(p.ID).SetSubject("Tuna loins").SetCreatedAt(at).SaveX(ctx)
	db.Message.Create().SetInquiryID(inq.ID).SetSender(d.PartyBuyer).SetBody("Price for 8000 kg?").SetCreatedAt(at).SaveX(ctx)
	return thread{db, ctx, inq}
}

func (th thread) say(who d.Party, at time.Time) thread {
	th.db.Message.Create().SetInquiryID(th.inquiry.ID).SetSender(who).SetBody("…").SetCreatedAt(at).SaveX(th.ctx)
	return th
}

func (th thread) quote(at time.Time) thread {
	th.db.Quote.Create().SetInquiryID(th.inquiry.ID).SetPrice(money.Amount(4_500_000)).SetCurrency("USD").
		SetPriceUnit(d.UnitKG).SetQuantityAmount(8000).SetQuantityUnit(d.UnitKG).SetIncoterm(d.Incoterm("FOB")).
		SetValidUntil(at.AddDate(0, 1, 0)).SetCreatedAt(at).SaveX(th.ctx)
	return th
}

// TestRefresh: hand-made threads of one producer and one buyer. The producer
// answers at 2 h (message), at 1 h (quote), at 30 h, never, and one thread
// where only the buyer writes again; threads older than 30 days and younger
// than 24 h do not count. The buyer answers the producer's first replies at
// 1 h and at 26 h, and not at all. On SQLite and PostgreSQL.
func TestRefresh(t *testing.T) {
	store := testdb.Open(t)
	db := store.Client
	ctx := authz.System(context.Background())
	now := time.Now().UTC().Truncate(time.Second)
	p := db.Producer.Create().SetName("UD Ikan").SetDistrict("BRONDONG").SetSector(d.SectorFishery).
		SetSizeClass(d.SizeSmall).SaveX(ctx)
	b := db.Buyer.Create().SetCompany("Siam Ocean").SetCountry("TH").SetType("IMPORTER").SaveX(ctx)
	day := 24 * time.Hour
	t0 := now.Add(-5 * day)
	open(t, db, p, b, t0).say(d.PartyProducer, t0.Add(2*time.Hour)).say(d.PartyBuyer, t0.Add(3*time.Hour)).
		say(d.PartyProducer, t0.Add(4*time.Hour))
	open(t, db, p, b, t0).quote(t0.Add(time.Hour)).say(d.PartyProducer, t0.Add(90*time.Minute))
	open(t, db, p, b, t0).say(d.PartyProducer, t0.Add(30*time.Hour)).say(d.PartyBuyer, t0.Add(56*time.Hour))
	open(t, db, p, b, t0)
	open(t, db, p, b, t0).say(d.PartyBuyer, t0.Add(time.Hour)) // the asker again: no reply
	old := now.Add(-40 * day)
	open(t, db, p, b, old).say(d.PartyProducer, old.Add(time.Hour)).say(d.PartyBuyer, old.Add(2*time.Hour))
	open(t, db, p, b, now.Add(-2*time.Hour)) // its 24 hours are not over

	r, err := replyrate.Refresh(ctx, db, store.Dialect, now)
	require.NoError(t, err)
	require.Equal(t, replyrate.Refreshed{Producers: 1, Buyers: 1}, r)

	p = db.Producer.GetX(ctx, p.ID)
	s, ok := replyrate.OfProducer(p)
	require.True(t, ok)
	require.Equal(t, 5, s.Received)
	require.Equal(t, 2, s.Replied, "2 h and 1 h; not 30 h, not the asker's own message")
	require.InDelta(t, 0.4, s.Rate(), 1e-9)
	require.NotNil(t, s.MedianSeconds)
	require.Equal(t, 7200, *s.MedianSeconds, "median of 1 h, 2 h, 30 h")
	require.True(t, s.ComputedAt.Equal(now))
	require.True(t, s.Since().Equal(now.Add(-replyrate.Window)))

	// The buyer answered 2 of the 3 first replies of the window (1 h, 26 h):
	// stored, but too few to show.
	b = db.Buyer.GetX(ctx, b.ID)
	require.Equal(t, 3, b.ResponseReceived)
	require.Equal(t, 1, b.ResponseReplied)
	require.NotNil(t, b.ResponseMedianSeconds)
	require.Equal(t, (3600+26*3600)/2, *b.ResponseMedianSeconds, "the mean of the two middle times")
	_, ok = replyrate.OfBuyer(b)
	require.False(t, ok, "fewer than MinSample")

	// Sixty days on nothing is in the window: the figures are cleared.
	r, err = replyrate.Refresh(ctx, db, store.Dialect, now.Add(60*day))
	require.NoError(t, err)
	require.Equal(t, replyrate.Refreshed{Cleared: 2}, r)
	p = db.Producer.GetX(ctx, p.ID)
	require.Zero(t, p.ResponseReceived)
	require.Nil(t, p.ResponseMedianSeconds)
	_, ok = replyrate.OfProducer(p)
	require.False(t, ok)
}

// TestRecordOnce: concurrent first replies set the inquiry's first reply
// once, to one of them.
func TestRecordOnce(t *testing.T) {
	store := testdb.Open(t)
	db := store.Client
	ctx := authz.System(context.Background())
	now := time.Now().UTC().Truncate(time.Second)
	p := db.Producer.Create().SetName("UD Ikan").SetDistrict("BRONDONG").SetSector(d.SectorFishery).
		SetSizeClass(d.SizeSmall).SaveX(ctx)
	b := db.Buyer.Create().SetCompany("Siam Ocean").SetCountry("TH").SetType("IMPORTER").SaveX(ctx)
	th := open(t, db, p, b, now.Add(-time.Hour))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			require.NoError(t, replyrate.Record(ctx, db, th.inquiry.ID, d.PartyProducer, now.Add(time.Duration(i)*time.Minute)))
		}()
	}
	wg.Wait()
	inq := db.Inquiry.GetX(ctx, th.inquiry.ID)
	require.NotNil(t, inq.FirstReplyAt)
	require.Equal(t, int(inq.FirstReplyAt.Sub(inq.CreatedAt)/time.Second), *inq.FirstReplySeconds)
	require.NoError(t, replyrate.Record(ctx, db, th.inquiry.ID, d.PartyProducer, now.Add(time.Hour)))
	again := db.Inquiry.GetX(ctx, th.inquiry.ID)
	require.True(t, again.FirstReplyAt.Equal(*inq.FirstReplyAt), "set once")
}
