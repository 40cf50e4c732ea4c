package trade

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/need"
	"github.com/exportiva/exportiva/internal/units"
	"github.com/exportiva/exportiva/internal/validate"
)

// Quantity is an amount with unit and period, as the API takes it.
type Quantity = domain.Quantity

// Money is an exact amount in a currency.
type Money = domain.Money

// NewBuyRequest is a buy request to post: a buyer's need (checked by
// internal/need, as a match query's is), its title and closing moment.
type NewBuyRequest struct {
	Title string
	domain.Need
	ValidUntil time.Time
}

// Validate checks a new buy request as a whole and reports every invalid field
// at once (validate.Errors): the need's fields as internal/need names them,
// title and validUntil.
func (n NewBuyRequest) Validate(now time.Time) error {
	return validate.Collect(
		func() error { return validate.Field("title", validate.Text(n.Title, 200)) },
		func() error { return need.Check(need.Normalize(n.Need), now) },
		func() error { return validUntil(n.ValidUntil, now) },
	)
}

func validUntil(t, now time.Time) error {
	if !t.After(now) {
		return validate.Field("validUntil", validate.ErrFuture)
	}
	return nil
}

// CreateBuyRequest stores a buyer's need. now is the request time.
func CreateBuyRequest(ctx context.Context, db *ent.Client, buyerID int, in NewBuyRequest, now time.Time) (*ent.BuyRequest, error) {
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	n := need.Normalize(in.Need)
	c := db.BuyRequest.Create().
		SetBuyerID(buyerID).
		SetTitle(strings.TrimSpace(in.Title)).
		SetHsCodes(n.HSCodes).
		SetQuery(n.Query).
		SetQuantityAmount(n.Quantity.Amount).
		SetQuantityUnit(n.Quantity.Unit).
		SetQuantityPer(n.Quantity.Per).
		SetDestinationCountry(n.Country).
		SetRequiredCertifications(n.Certifications).
		SetNillableIncoterm(n.Incoterm).
		SetNillableDeliverBy(n.DeliverBy).
		SetValidUntil(in.ValidUntil)
	if n.Port != "" {
		c.SetDestinationPort(n.Port)
	}
	if n.MaxPrice != nil {
		c.SetMaxPriceAmount(n.MaxPrice.Amount).SetMaxPriceCurrency(n.MaxPrice.Currency)
	}
	return c.Save(ctx)
}

// NeedChange is a partial update of a buy request; nil fields stay.
type NeedChange struct {
	Title          *string
	HSCodes        []string
	Query          *string
	Quantity       *Quantity
	Country        *string
	Port           *string
	Certifications []domain.CertificationType
	Incoterm       *domain.Incoterm
	MaxPrice       *Money
	DeliverBy      *time.Time
	ValidUntil     *time.Time
	Status         *domain.BuyRequestStatus
}

// UpdateBuyRequest changes a buy request. The parts of the need it changes
// are checked as a new need's (need.Check, every broken rule at once), with
// the stored parts they depend on (the port with the country, the HS codes
// with the text); a part it leaves alone is not judged again, so that a
// request stored under older rules can still be closed or retitled.
func UpdateBuyRequest(ctx context.Context, db *ent.Client, id int, ch NeedChange, now time.Time) (*ent.BuyRequest, error) {
	touched := ch.needFields()
	var n domain.Need
	if len(touched) > 0 {
		br, err := db.BuyRequest.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		n = ch.apply(need.OfBuyRequest(br))
	}
	err := validate.Collect(
		func() error {
			if ch.Title == nil {
				return nil
			}
			return validate.Field("title", validate.Text(*ch.Title, 200))
		},
		func() error {
			if len(touched) == 0 {
				return nil
			}
			return onFields(need.Check(n, now), touched)
		},
		func() error {
			if ch.ValidUntil == nil {
				return nil
			}
			return validUntil(*ch.ValidUntil, now)
		},
	)
	if err != nil {
		return nil, err
	}
	u := db.BuyRequest.UpdateOneID(id).
		SetNillableIncoterm(ch.Incoterm).
		SetNillableDeliverBy(ch.DeliverBy).
		SetNillableValidUntil(ch.ValidUntil).
		SetNillableStatus(ch.Status)
	if ch.Title != nil {
		u.SetTitle(strings.TrimSpace(*ch.Title))
	}
	if ch.HSCodes != nil {
		u.SetHsCodes(n.HSCodes)
	}
	if ch.Query != nil {
		u.SetQuery(n.Query)
	}
	if ch.Certifications != nil {
		u.SetRequiredCertifications(n.Certifications)
	}
	if ch.Quantity != nil {
		u.SetQuantityAmount(n.Quantity.Amount).SetQuantityUnit(n.Quantity.Unit).SetQuantityPer(n.Quantity.Per)
	}
	if ch.Country != nil {
		u.SetDestinationCountry(n.Country)
	}
	switch {
	case (ch.Country != nil || ch.Port != nil) && n.Port == "":
		u.ClearDestinationPort() // a new destination drops the old port
	case ch.Country != nil || ch.Port != nil:
		u.SetDestinationPort(n.Port)
	}
	if ch.MaxPrice != nil {
		u.SetMaxPriceAmount(n.MaxPrice.Amount).SetMaxPriceCurrency(n.MaxPrice.Currency)
	}
	return u.Save(ctx)
}

// needFields are the need's fields a change must be judged on: those it
// sets and those they are judged with.
func (ch NeedChange) needFields() []string {
	var out []string
	add := func(changed bool, fields ...string) {
		if changed {
			out = append(out, fields...)
		}
	}
	add(ch.HSCodes != nil || ch.Query != nil, need.FieldHSCodes, need.FieldQuery)
	add(ch.Quantity != nil, need.FieldQuantityAmount, need.FieldQuantityUnit)
	add(ch.Country != nil || ch.Port != nil, need.FieldCountry, need.FieldPort)
	add(ch.Certifications != nil, need.FieldCertifications)
	add(ch.MaxPrice != nil, need.FieldMaxPriceAmount, need.FieldMaxPriceCurrency)
	add(ch.DeliverBy != nil, need.FieldDeliverBy)
	return out
}

// apply is the stored need n with the change, normalised; the delivery
// date is the change's only (a stored one is not judged again).
func (ch NeedChange) apply(n domain.Need) domain.Need {
	if ch.HSCodes != nil {
		n.HSCodes = ch.HSCodes
	}
	if ch.Query != nil {
		n.Query = *ch.Query
	}
	if ch.Quantity != nil {
		n.Quantity = *ch.Quantity
	}
	if ch.Country != nil {
		n.Country, n.Port = *ch.Country, "" // a new destination drops the old port
	}
	if ch.Port != nil {
		n.Port = *ch.Port
	}
	if ch.Certifications != nil {
		n.Certifications = ch.Certifications
	}
	if ch.MaxPrice != nil {
		n.MaxPrice = ch.MaxPrice
	}
	n.DeliverBy = ch.DeliverBy
	return need.Normalize(n)
}

// onFields keeps, of err's field errors, those on the fields named.
func onFields(err error, fields []string) error {
	var es validate.Errors
	if !errors.As(err, &es) {
		return err
	}
	var kept validate.Errors
	for _, e := range es {
		if slices.Contains(fields, e.Field) {
			kept = append(kept, e)
		}
	}
	return kept.Err()
}

// InquiryInput is what a buyer sends to open a thread.
type InquiryInput struct {
	BuyerID      int
	ProducerID   int
	ProductID    *int
	BuyRequestID *int
	Subject      string
	Body         string
}

// SendInquiry opens a thread with its first message.
func SendInquiry(ctx context.Context, db *ent.Client, in InquiryInput) (*ent.Inquiry, error) {
	if strings.TrimSpace(in.Body) == "" {
		return nil, apperr.BadInput([]string{"body"}, "the first message must not be empty")
	}
	if _, err := db.Producer.Get(ctx, in.ProducerID); err != nil {
		return nil, notFound(err, []string{"producerID"}, "producer")
	}
	if in.ProductID != nil {
		p, err := db.Product.Get(ctx, *in.ProductID)
		if err != nil {
			return nil, notFound(err, []string{"productID"}, "product")
		}
		if p.ProducerID != in.ProducerID {
			return nil, apperr.BadInput([]string{"productID"}, "the product belongs to another producer")
		}
	}
	if in.BuyRequestID != nil {
		br, err := db.BuyRequest.Query().Where(buyrequest.ID(*in.BuyRequestID)).Only(ctx)
		if err != nil {
			return nil, notFound(err, []string{"buyRequestID"}, "buy request")
		}
		if br.BuyerID != in.BuyerID {
			return nil, apperr.BadInput([]string{"buyRequestID"}, "the buy request belongs to another buyer")
		}
	}
	inq, err := db.Inquiry.Create().
		SetBuyerID(in.BuyerID).
		SetProducerID(in.ProducerID).
		SetNillableProductID(in.ProductID).
		SetNillableBuyRequestID(in.BuyRequestID).
		SetSubject(strings.TrimSpace(in.Subject)).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.Message.Create().SetInquiryID(inq.ID).SetSender(domain.PartyBuyer).SetBody(in.Body).Save(ctx); err != nil {
		return nil, err
	}
	return inq, nil
}

// SendMessage writes on a thread; closed threads take no more messages.
func SendMessage(ctx context.Context, db *ent.Client, inquiryID int, sender domain.Party, body string) (*ent.Message, error) {
	inq, err := db.Inquiry.Get(ctx, inquiryID)
	if err != nil {
		return nil, notFound(err, []string{"inquiryID"}, "inquiry")
	}
	if inq.Status == domain.InquiryClosed {
		return nil, apperr.Conflict("the inquiry is closed")
	}
	if strings.TrimSpace(body) == "" {
		return nil, apperr.BadInput([]string{"body"}, "the message must not be empty")
	}
	return db.Message.Create().SetInquiryID(inquiryID).SetSender(sender).SetBody(body).Save(ctx)
}

// QuoteInput is a producer's offer.
type QuoteInput struct {
	InquiryID  int
	Price      Money
	PriceUnit  domain.Unit
	Quantity   Quantity
	Incoterm   domain.Incoterm
	ValidUntil time.Time
	Note       string
}

// Validate checks a quote as a whole and reports every invalid field at once
// (validate.Errors, with the paths of sendQuote's input).
func (in QuoteInput) Validate(now time.Time) error {
	at := func(err error, path ...string) func() error {
		return func() error { return validate.Field(strings.Join(path, "."), err) }
	}
	var unit, future error
	if _, err := units.DimensionOf(in.Quantity.Unit); err != nil {
		unit = err
	}
	if !in.ValidUntil.After(now) {
		future = validate.ErrFuture
	}
	return validate.Collect(
		at(validate.Price(in.Price.Amount), "price", "amount"),
		at(validate.Currency(in.Price.Currency), "price", "currency"),
		at(validate.Quantity(in.Quantity.Amount), "quantity", "amount"),
		at(unit, "quantity", "unit"),
		at(future, "validUntil"),
		at(validate.MaxText(in.Note, 5000), "note"),
	)
}

// SendQuote puts a new pending quote on a thread; an earlier pending one is superseded.
func SendQuote(ctx context.Context, db *ent.Client, in QuoteInput, now time.Time) (*ent.Quote, error) {
	inq, err := db.Inquiry.Get(ctx, in.InquiryID)
	if err != nil {
		return nil, notFound(err, []string{"inquiryID"}, "inquiry")
	}
	if inq.Status == domain.InquiryAccepted || inq.Status == domain.InquiryClosed {
		return nil, apperr.Conflict("the inquiry is %s and takes no more quotes", strings.ToLower(string(inq.Status)))
	}
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	pending, err := inq.QueryQuotes().Where(quote.StatusEQ(domain.QuotePending)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pending {
		if _, err := transition(ctx, db, p, Supersede, now); err != nil {
			return nil, err
		}
	}
	per := in.Quantity.Per
	if per == "" {
		per = domain.PerShipment
	}
	q, err := db.Quote.Create().
		SetInquiryID(in.InquiryID).
		SetPrice(in.Price.Amount).
		SetCurrency(in.Price.Currency).
		SetPriceUnit(in.PriceUnit).
		SetQuantityAmount(in.Quantity.Amount).
		SetQuantityUnit(in.Quantity.Unit).
		SetQuantityPer(per).
		SetIncoterm(in.Incoterm).
		SetValidUntil(in.ValidUntil).
		SetNote(in.Note).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := inq.Update().SetStatus(domain.InquiryQuoted).Exec(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// Act applies a buyer's or producer's action (accept, decline, withdraw) to a quote.
// Accepting a quote whose validity ran out is a CONFLICT.
func Act(ctx context.Context, db *ent.Client, quoteID int, a Action, now time.Time) (*ent.Quote, error) {
	q, err := db.Quote.Get(ctx, quoteID)
	if err != nil {
		return nil, notFound(err, []string{"id"}, "quote")
	}
	if a == Accept && q.Status == domain.QuotePending && now.After(q.ValidUntil) {
		return nil, apperr.Conflict("the quote expired on %s", q.ValidUntil.UTC().Format("2 Jan 2006 15:04 MST"))
	}
	q, err = transition(ctx, db, q, a, now)
	if err != nil {
		return nil, err
	}
	status := domain.InquiryOpen
	if a == Accept {
		status = domain.InquiryAccepted
	}
	if err := db.Inquiry.UpdateOneID(q.InquiryID).SetStatus(status).Exec(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// DeclineQuote is the buyer declining a quote; with a reason, the buyer also
// tells the producer why on the inquiry's thread. The note's prefix is in the
// request's language (the language the buyer writes the reason in).
func DeclineQuote(ctx context.Context, db *ent.Client, quoteID int, reason string, now time.Time) (*ent.Quote, error) {
	q, err := Act(ctx, db, quoteID, Decline, now)
	if err != nil || strings.TrimSpace(reason) == "" {
		return q, err
	}
	if _, err := SendMessage(ctx, db, q.InquiryID, domain.PartyBuyer, i18n.T(i18n.From(ctx), "Quote declined: %s", reason)); err != nil {
		return nil, err
	}
	return q, nil
}

func transition(ctx context.Context, db *ent.Client, q *ent.Quote, a Action, now time.Time) (*ent.Quote, error) {
	to, err := Next(q.Status, a)
	if err != nil {
		return nil, err
	}
	// The WHERE on the old status makes concurrent decisions on one quote safe:
	// the loser updates nothing and gets the conflict.
	updated, err := db.Quote.UpdateOneID(q.ID).
		Where(quote.StatusEQ(q.Status)).
		SetStatus(to).SetDecidedAt(now).
		Save(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Conflict("the quote changed meanwhile; reload it")
	}
	return updated, err
}

func notFound(err error, path []string, what string) error {
	if ent.IsNotFound(err) {
		return &apperr.Error{Code: apperr.CodeNotFound, Message: "no such " + what, Field: path}
	}
	return err
}
