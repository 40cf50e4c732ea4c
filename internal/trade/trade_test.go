package trade_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/need"
	"github.com/exportiva/exportiva/internal/testdb"
	"github.com/exportiva/exportiva/internal/trade"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// world is two producers and two buyers, each with a member account, and a
// product of each producer, on a database of the test's own. Every call runs as
// one of the accounts, so the privacy rules of the schema decide what it may do.
type world struct {
	t                  *testing.T
	db                 *ent.Client
	prodA, prodB       int
	productA, productB int
	buyerA, buyerB     int
	// Contexts of a member of each organization, and of nobody.
	asProdA, asProdB, asBuyerA, asBuyerB, anonymous context.Context
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := testdb.Open(t).Client
	sys := authz.System(context.Background())
	producer := func(name string) int {
		return db.Producer.Create().SetName(name).SetDistrict("BRONDONG").SetSector(domain.SectorFishery).
			SetSizeClass(domain.SizeSmall).SaveX(sys).ID
	}
	product := func(producer int) int {
		return db.Product.Create().SetProducerID(producer).SetNameEnglish("Frozen tengiri").SetNameIndonesian("Tengiri beku").
			SetHsCode("030359").SetForm(domain.FormFrozen).SetUnit(domain.UnitKG).SetCapacityAmount(10).
			SetCapacityUnit(domain.UnitTonne).SetCapacityPeriod(domain.PerMonth).
			SetPriceMin(money.MustParse("3.20")).SetPriceCurrency("USD").SetStatus(domain.ProductActive).SaveX(sys).ID
	}
	buyer := func(company string) int {
		return db.Buyer.Create().SetCompany(company).SetCountry("TH").SetType("IMPORTER").SaveX(sys).ID
	}
	w := &world{t: t, db: db, anonymous: context.Background()}
	w.prodA, w.prodB = producer("Samudra Tengiri"), producer("Mina Jaya")
	w.productA, w.productB = product(w.prodA), product(w.prodB)
	w.buyerA, w.buyerB = buyer("Bangkok Seafood"), buyer("Saigon Foods")
	as := func(role domain.Role, producer, buyer *int) context.Context {
		return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: role, ProducerID: producer, BuyerID: buyer})
	}
	w.asProdA, w.asProdB = as(domain.RoleProducer, &w.prodA, nil), as(domain.RoleProducer, &w.prodB, nil)
	w.asBuyerA, w.asBuyerB = as(domain.RoleBuyer, nil, &w.buyerA), as(domain.RoleBuyer, nil, &w.buyerB)
	return w
}

// inquiry opens a thread from buyer A to producer A about product A.
func (w *world) inquiry() *ent.Inquiry {
	w.t.Helper()
	inq, err := trade.SendInquiry(w.asBuyerA, w.db, trade.InquiryInput{
		BuyerID: w.buyerA, ProducerID: w.prodA, ProductID: &w.productA,
		Subject: " Tengiri for Bangkok ", Body: "Can you ship 8 t a month CFR Laem Chabang?",
	})
	require.NoError(w.t, err)
	return inq
}

func (w *world) quoteInput(inquiryID int, validFor time.Duration) trade.QuoteInput {
	return trade.QuoteInput{
		InquiryID: inquiryID, Price: trade.Money{Amount: money.MustParse("3.45"), Currency: "USD"}, PriceUnit: domain.UnitKG,
		Quantity: trade.Quantity{Amount: 8, Unit: domain.UnitTonne, Per: domain.PerMonth}, Incoterm: "CFR",
		ValidUntil: now.Add(validFor), Note: "Frozen at sea",
	}
}

// quote sends a quote from producer A on the inquiry.
func (w *world) quote(inquiryID int, validFor time.Duration) *ent.Quote {
	w.t.Helper()
	q, err := trade.SendQuote(w.asProdA, w.db, w.quoteInput(inquiryID, validFor), now)
	require.NoError(w.t, err)
	return q
}

// stored reads a record as the system, past every privacy rule.
func (w *world) inquiryStatus(id int) domain.InquiryStatus {
	return w.db.Inquiry.GetX(authz.System(context.Background()), id).Status
}

func (w *world) quoteStatus(id int) domain.QuoteStatus {
	return w.db.Quote.GetX(authz.System(context.Background()), id).Status
}

func (w *world) messages(inquiryID int) []*ent.Message {
	return w.db.Message.Query().Where(message.InquiryID(inquiryID)).Order(ent.Asc(message.FieldID)).
		AllX(authz.System(context.Background()))
}

func requireCode(t *testing.T, code string, err error, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	require.Equal(t, code, apperr.CodeOf(err), append([]any{"error: %v"}, err)...)
}

func TestSendInquiryStoresTheThreadAndItsFirstMessage(t *testing.T) {
	w := newWorld(t)
	inq := w.inquiry()
	require.Equal(t, domain.InquiryOpen, inq.Status)
	require.Equal(t, "Tengiri for Bangkok", inq.Subject, "the subject is trimmed")
	require.Equal(t, w.buyerA, inq.BuyerID)
	require.Equal(t, w.prodA, inq.ProducerID)
	require.Equal(t, w.productA, *inq.ProductID)
	msgs := w.messages(inq.ID)
	require.Len(t, msgs, 1)
	require.Equal(t, domain.PartyBuyer, msgs[0].Sender)
	require.Equal(t, "Can you ship 8 t a month CFR Laem Chabang?", msgs[0].Body)

	// The producer asked and the buyer see it; the other buyer and the other
	// producer do not know it exists.
	for _, ctx := range []context.Context{w.asBuyerA, w.asProdA} {
		_, err := w.db.Inquiry.Get(ctx, inq.ID)
		require.NoError(t, err)
	}
	for _, ctx := range []context.Context{w.asBuyerB, w.asProdB, w.anonymous} {
		_, err := w.db.Inquiry.Get(ctx, inq.ID)
		require.True(t, ent.IsNotFound(err), "a stranger must not see the inquiry: %v", err)
	}
}

func TestSendInquiryRefusals(t *testing.T) {
	w := newWorld(t)
	in := func(mod func(*trade.InquiryInput)) trade.InquiryInput {
		i := trade.InquiryInput{BuyerID: w.buyerA, ProducerID: w.prodA, Subject: "Tengiri", Body: "8 t a month?"}
		mod(&i)
		return i
	}
	cases := []struct {
		name string
		ctx  context.Context
		in   trade.InquiryInput
		code string
	}{
		{"another buyer's name", w.asBuyerB, in(func(*trade.InquiryInput) {}), apperr.CodeForbidden},
		{"a producer as a buyer", w.asProdA, in(func(*trade.InquiryInput) {}), apperr.CodeForbidden},
		{"anonymous", w.anonymous, in(func(*trade.InquiryInput) {}), apperr.CodeUnauthenticated},
		{"empty body", w.asBuyerA, in(func(i *trade.InquiryInput) { i.Body = "  \n" }), apperr.CodeBadUserInput},
		{"unknown producer", w.asBuyerA, in(func(i *trade.InquiryInput) { i.ProducerID = 999999 }), apperr.CodeNotFound},
		{"another producer's product", w.asBuyerA, in(func(i *trade.InquiryInput) { i.ProductID = &w.productB }), apperr.CodeBadUserInput},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := trade.SendInquiry(c.ctx, w.db, c.in)
			requireCode(t, c.code, err)
		})
	}
	sys := authz.System(context.Background())
	require.Zero(t, w.db.Inquiry.Query().CountX(sys), "a refused inquiry stores nothing")
	require.Zero(t, w.db.Message.Query().CountX(sys))
}

func TestSendInquiryOnABuyRequest(t *testing.T) {
	w := newWorld(t)
	need := trade.NewBuyRequest{Title: "Tengiri", Need: domain.Need{HSCodes: []string{"030359"}, Quantity: trade.Quantity{Amount: 8, Unit: domain.UnitTonne},
		Country: "th"}, ValidUntil: now.AddDate(0, 1, 0)}
	br, err := trade.CreateBuyRequest(w.asBuyerA, w.db, w.buyerA, need, now)
	require.NoError(t, err)
	require.Equal(t, "TH", br.DestinationCountry)
	require.Equal(t, domain.PerMonth, br.QuantityPer, "a quantity without period is per month")
	brB, err := trade.CreateBuyRequest(w.asBuyerB, w.db, w.buyerB, need, now)
	require.NoError(t, err)

	inq, err := trade.SendInquiry(w.asBuyerA, w.db, trade.InquiryInput{BuyerID: w.buyerA, ProducerID: w.prodA, BuyRequestID: &br.ID, Subject: "Tengiri", Body: "See my request"})
	require.NoError(t, err)
	require.Equal(t, br.ID, *inq.BuyRequestID)
	_, err = trade.SendInquiry(w.asBuyerA, w.db, trade.InquiryInput{BuyerID: w.buyerA, ProducerID: w.prodA, BuyRequestID: &brB.ID, Subject: "Tengiri", Body: "See theirs"})
	require.Error(t, err, "an inquiry cannot cite another buyer's request")
	require.Contains(t, []string{apperr.CodeBadUserInput, apperr.CodeNotFound}, apperr.CodeOf(err))

	_, err = trade.CreateBuyRequest(w.asBuyerA, w.db, w.buyerA, trade.NewBuyRequest{Title: "Tengiri", Need: domain.Need{HSCodes: need.HSCodes, Quantity: need.Quantity, Country: "TH"}, ValidUntil: now}, now)
	requireCode(t, apperr.CodeBadUserInput, err, "validUntil must lie in the future")
	_, err = trade.CreateBuyRequest(w.asBuyerA, w.db, w.buyerA, trade.NewBuyRequest{Title: "Tengiri", Need: domain.Need{HSCodes: need.HSCodes, Quantity: trade.Quantity{Amount: -1, Unit: domain.UnitKG}, Country: "TH"}, ValidUntil: need.ValidUntil}, now)
	requireCode(t, apperr.CodeBadUserInput, err)
}

func TestSendMessageEachPartyAsItself(t *testing.T) {
	w := newWorld(t)
	inq := w.inquiry()

	m, err := trade.SendMessage(w.asProdA, w.db, inq.ID, domain.PartyProducer, "Yes, from January.")
	require.NoError(t, err)
	require.Equal(t, domain.PartyProducer, m.Sender)
	_, err = trade.SendMessage(w.asBuyerA, w.db, inq.ID, domain.PartyBuyer, "Good: please quote.")
	require.NoError(t, err)

	_, err = trade.SendMessage(w.asProdA, w.db, inq.ID, domain.PartyBuyer, "I am the buyer")
	requireCode(t, apperr.CodeForbidden, err, "the producer cannot write as the buyer")
	_, err = trade.SendMessage(w.asBuyerA, w.db, inq.ID, domain.PartyProducer, "I am the producer")
	requireCode(t, apperr.CodeForbidden, err, "the buyer cannot write as the producer")
	for _, ctx := range []context.Context{w.asBuyerB, w.asProdB} {
		_, err = trade.SendMessage(ctx, w.db, inq.ID, domain.PartyBuyer, "Hello?")
		requireCode(t, apperr.CodeNotFound, err, "a stranger does not learn the inquiry exists")
	}
	_, err = trade.SendMessage(w.asBuyerA, w.db, inq.ID, domain.PartyBuyer, " ")
	requireCode(t, apperr.CodeBadUserInput, err)

	var got []string
	for _, m := range w.messages(inq.ID) {
		got = append(got, string(m.Sender)+": "+m.Body)
	}
	require.Equal(t, []string{
		"BUYER: Can you ship 8 t a month CFR Laem Chabang?",
		"PRODUCER: Yes, from January.",
		"BUYER: Good: please quote.",
	}, got, "only the allowed messages are stored, in order")

	// A closed thread takes no more messages.
	require.NoError(t, w.db.Inquiry.UpdateOneID(inq.ID).SetStatus(domain.InquiryClosed).Exec(w.asBuyerA))
	_, err = trade.SendMessage(w.asProdA, w.db, inq.ID, domain.PartyProducer, "Still there?")
	requireCode(t, apperr.CodeConflict, err)
	require.Len(t, w.messages(inq.ID), 3)
}

func TestSendQuote(t *testing.T) {
	w := newWorld(t)
	inq := w.inquiry()

	_, err := trade.SendQuote(w.asBuyerA, w.db, w.quoteInput(inq.ID, 72*time.Hour), now)
	requireCode(t, apperr.CodeForbidden, err, "only the producer asked quotes")
	_, err = trade.SendQuote(w.asProdB, w.db, w.quoteInput(inq.ID, 72*time.Hour), now)
	requireCode(t, apperr.CodeNotFound, err, "another producer does not see the inquiry")
	bad := w.quoteInput(inq.ID, -time.Hour)
	_, err = trade.SendQuote(w.asProdA, w.db, bad, now)
	requireCode(t, apperr.CodeBadUserInput, err, "validUntil in the past")
	bad = w.quoteInput(inq.ID, time.Hour)
	bad.Price.Currency = "XYZ"
	_, err = trade.SendQuote(w.asProdA, w.db, bad, now)
	requireCode(t, apperr.CodeBadUserInput, err, "unknown currency")
	bad = w.quoteInput(inq.ID, time.Hour)
	bad.Quantity.Amount = 0
	_, err = trade.SendQuote(w.asProdA, w.db, bad, now)
	requireCode(t, apperr.CodeBadUserInput, err, "no quantity")
	require.Zero(t, w.db.Quote.Query().CountX(authz.System(context.Background())), "refused quotes store nothing")
	require.Equal(t, domain.InquiryOpen, w.inquiryStatus(inq.ID))

	first := w.quote(inq.ID, 72*time.Hour)
	require.Equal(t, domain.QuotePending, first.Status)
	require.Equal(t, "3.45", first.Price.String())
	require.Equal(t, "USD", first.Currency)
	require.Equal(t, domain.InquiryQuoted, w.inquiryStatus(inq.ID))

	// A second quote supersedes the pending one.
	second := w.quote(inq.ID, 96*time.Hour)
	require.Equal(t, domain.QuoteSuperseded, w.quoteStatus(first.ID))
	require.Equal(t, domain.QuotePending, w.quoteStatus(second.ID))
	decided := w.db.Quote.GetX(authz.System(context.Background()), first.ID).DecidedAt
	require.NotNil(t, decided)
	require.True(t, decided.Equal(now))

	// Per shipment when the quantity has no period.
	in := w.quoteInput(inq.ID, time.Hour)
	in.Quantity.Per = ""
	third, err := trade.SendQuote(w.asProdA, w.db, in, now)
	require.NoError(t, err)
	require.Equal(t, domain.PerShipment, third.QuantityPer)
	require.Equal(t, 1, w.db.Quote.Query().Where(quote.InquiryID(inq.ID), quote.StatusEQ(domain.QuotePending)).CountX(w.asBuyerA),
		"one pending quote per inquiry")
}

func TestActOnQuotes(t *testing.T) {
	w := newWorld(t)

	t.Run("the buyer accepts: a deal, and the thread takes no more quotes", func(t *testing.T) {
		inq := w.inquiry()
		q := w.quote(inq.ID, 72*time.Hour)
		_, err := trade.Act(w.asProdA, w.db, q.ID, trade.Accept, now)
		requireCode(t, apperr.CodeForbidden, err, "the producer cannot accept its own quote")
		_, err = trade.Act(w.asBuyerB, w.db, q.ID, trade.Accept, now)
		requireCode(t, apperr.CodeNotFound, err, "another buyer does not see the quote")
		require.Equal(t, domain.QuotePending, w.quoteStatus(q.ID))

		got, err := trade.Act(w.asBuyerA, w.db, q.ID, trade.Accept, now.Add(time.Hour))
		require.NoError(t, err)
		require.Equal(t, domain.QuoteAccepted, got.Status)
		require.True(t, got.DecidedAt.Equal(now.Add(time.Hour)))
		require.Equal(t, domain.InquiryAccepted, w.inquiryStatus(inq.ID))

		_, err = trade.Act(w.asBuyerA, w.db, q.ID, trade.Decline, now)
		requireCode(t, apperr.CodeConflict, err, "an accepted quote is final")
		_, err = trade.SendQuote(w.asProdA, w.db, w.quoteInput(inq.ID, time.Hour), now)
		requireCode(t, apperr.CodeConflict, err, "an accepted inquiry takes no more quotes")
		require.Equal(t, domain.QuoteAccepted, w.quoteStatus(q.ID))
	})

	t.Run("the buyer declines: the thread is open again", func(t *testing.T) {
		inq := w.inquiry()
		q := w.quote(inq.ID, 72*time.Hour)
		_, err := trade.Act(w.asProdA, w.db, q.ID, trade.Decline, now)
		requireCode(t, apperr.CodeForbidden, err)
		_, err = trade.Act(w.asBuyerA, w.db, q.ID, trade.Decline, now)
		require.NoError(t, err)
		require.Equal(t, domain.QuoteDeclined, w.quoteStatus(q.ID))
		require.Equal(t, domain.InquiryOpen, w.inquiryStatus(inq.ID))
		w.quote(inq.ID, time.Hour) // and takes a new quote
	})

	t.Run("the producer withdraws; the buyer cannot", func(t *testing.T) {
		inq := w.inquiry()
		q := w.quote(inq.ID, 72*time.Hour)
		_, err := trade.Act(w.asBuyerA, w.db, q.ID, trade.Withdraw, now)
		requireCode(t, apperr.CodeForbidden, err)
		_, err = trade.Act(w.asProdA, w.db, q.ID, trade.Withdraw, now)
		require.NoError(t, err)
		require.Equal(t, domain.QuoteWithdrawn, w.quoteStatus(q.ID))
		require.Equal(t, domain.InquiryOpen, w.inquiryStatus(inq.ID))
		_, err = trade.Act(w.asBuyerA, w.db, q.ID, trade.Accept, now)
		requireCode(t, apperr.CodeConflict, err, "a withdrawn quote cannot be accepted")
	})

	t.Run("a quote past its validity cannot be accepted", func(t *testing.T) {
		inq := w.inquiry()
		q := w.quote(inq.ID, time.Hour)
		_, err := trade.Act(w.asBuyerA, w.db, q.ID, trade.Accept, now.Add(2*time.Hour))
		requireCode(t, apperr.CodeConflict, err)
		require.Equal(t, domain.QuotePending, w.quoteStatus(q.ID), "nothing changed")
		require.Equal(t, domain.InquiryQuoted, w.inquiryStatus(inq.ID))
	})

	t.Run("a superseded quote cannot be accepted", func(t *testing.T) {
		inq := w.inquiry()
		old := w.quote(inq.ID, time.Hour)
		w.quote(inq.ID, time.Hour)
		_, err := trade.Act(w.asBuyerA, w.db, old.ID, trade.Accept, now)
		requireCode(t, apperr.CodeConflict, err)
		require.Equal(t, domain.InquiryQuoted, w.inquiryStatus(inq.ID))
	})

	t.Run("an unknown quote", func(t *testing.T) {
		_, err := trade.Act(w.asBuyerA, w.db, 999999, trade.Accept, now)
		requireCode(t, apperr.CodeNotFound, err)
	})

	sys := authz.System(context.Background())
	require.Equal(t, 1, w.db.Inquiry.Query().Where(inquiry.StatusEQ(domain.InquiryAccepted)).CountX(sys), "one deal in all")
}

// TestDeclineQuoteWithAReason: the reason reaches the producer on the thread,
// its prefix in the buyer's language; without a reason no note is written; a
// producer cannot decline (and writes no note) for the buyer.
func TestDeclineQuoteWithAReason(t *testing.T) {
	w := newWorld(t)
	bodies := func(inquiryID int) []string {
		var out []string
		for _, m := range w.messages(inquiryID) {
			out = append(out, m.Body)
		}
		return out
	}

	inq := w.inquiry()
	q := w.quote(inq.ID, 72*time.Hour)
	_, err := trade.DeclineQuote(w.asProdA, w.db, q.ID, "too dear", now)
	requireCode(t, apperr.CodeForbidden, err)
	require.Len(t, w.messages(inq.ID), 1, "a refused decline writes no note")

	got, err := trade.DeclineQuote(i18n.WithLang(w.asBuyerA, i18n.Indonesian), w.db, q.ID, "terlalu mahal", now)
	require.NoError(t, err)
	require.Equal(t, domain.QuoteDeclined, got.Status)
	msgs := w.messages(inq.ID)
	require.Equal(t, "Penawaran ditolak: terlalu mahal", msgs[len(msgs)-1].Body)
	require.Equal(t, domain.PartyBuyer, msgs[len(msgs)-1].Sender)

	q = w.quote(inq.ID, 72*time.Hour)
	_, err = trade.DeclineQuote(w.asBuyerA, w.db, q.ID, "too dear", now)
	require.NoError(t, err)
	require.Equal(t, "Quote declined: too dear", bodies(inq.ID)[len(bodies(inq.ID))-1])

	q = w.quote(inq.ID, 72*time.Hour)
	before := len(w.messages(inq.ID))
	_, err = trade.DeclineQuote(w.asBuyerA, w.db, q.ID, "  ", now)
	require.NoError(t, err)
	require.Len(t, w.messages(inq.ID), before, "a blank reason writes no note")
	require.Equal(t, domain.QuoteDeclined, w.quoteStatus(q.ID))
}

// TestUpdateBuyRequestChecksTheNeedItLeaves: a change is judged with the
// stored need it joins, every broken rule at once, and nothing is written
// when one is broken; a new destination drops the old port.
func TestUpdateBuyRequestChecksTheNeedItLeaves(t *testing.T) {
	w := newWorld(t)
	port := "THLCH"
	br, err := trade.CreateBuyRequest(w.asBuyerA, w.db, w.buyerA, trade.NewBuyRequest{Title: "Tengiri",
		Need:       domain.Need{HSCodes: []string{"030359"}, Quantity: trade.Quantity{Amount: 8, Unit: domain.UnitTonne}, Country: "TH", Port: port},
		ValidUntil: now.AddDate(0, 1, 0)}, now)
	require.NoError(t, err)

	other := "MYPKG"
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Port: &other, HSCodes: []string{"0x"},
		Certifications: []domain.CertificationType{"NOPE"}}, now)
	requireCode(t, apperr.CodeBadUserInput, err)
	require.Equal(t, []string{need.FieldHSCodes, need.FieldPort, need.FieldCertifications}, validate.Fields(err), "%v", err)
	empty := ""
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{HSCodes: []string{}, Query: &empty}, now)
	require.Equal(t, []string{need.FieldHSCodes}, validate.Fields(err), "no goods left: %v", err)
	stored := w.db.BuyRequest.GetX(w.asBuyerA, br.ID)
	require.Equal(t, []string{"030359"}, stored.HsCodes, "a refused change writes nothing")
	require.Equal(t, port, *stored.DestinationPort)

	vn := "vn"
	got, err := trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Country: &vn, HSCodes: []string{"0303.54"}}, now)
	require.NoError(t, err)
	require.Equal(t, "VN", got.DestinationCountry)
	require.Nil(t, got.DestinationPort, "a new destination drops the old port")
	require.Equal(t, []string{"030354"}, got.HsCodes)

	// A delivery date that has passed since is not judged again when the
	// change leaves it alone.
	later := now.AddDate(0, 0, 10)
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{DeliverBy: &later}, now)
	require.NoError(t, err)
	title := "Tengiri beku"
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Title: &title}, later.AddDate(0, 0, 1))
	require.NoError(t, err)

	// A port given empty clears it; a port alone is judged with the stored
	// country.
	none := ""
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Port: &port}, now)
	require.Equal(t, []string{need.FieldPort}, validate.Fields(err), "THLCH is not in VN: %v", err)
	vnPort := "vnsgn"
	got, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Port: &vnPort}, now)
	require.NoError(t, err)
	require.Equal(t, "VNSGN", *got.DestinationPort)
	th := "TH"
	got, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Country: &th, Port: &port}, now)
	require.NoError(t, err, "a new country and its port in one change")
	require.Equal(t, port, *got.DestinationPort)
	got, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Port: &none}, now)
	require.NoError(t, err)
	require.Nil(t, got.DestinationPort)

	// A request stored under older rules (a port of another country) can
	// still be closed and retitled: only what a change touches is judged.
	sys := authz.System(context.Background())
	w.db.BuyRequest.UpdateOneID(br.ID).SetDestinationPort("MYPKG").ExecX(sys)
	closed := domain.BuyRequestClosed
	got, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Status: &closed, Title: &title}, now)
	require.NoError(t, err)
	require.Equal(t, closed, got.Status)
	_, err = trade.UpdateBuyRequest(w.asBuyerA, w.db, br.ID, trade.NeedChange{Certifications: []domain.CertificationType{domain.CertHACCP}}, now)
	require.NoError(t, err, "the stored port is not judged again with the certificates")
}
