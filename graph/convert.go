package graph

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/fraud"
	"github.com/exportiva/exportiva/internal/geo"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/market"
	"github.com/exportiva/exportiva/internal/replyrate"
	"github.com/exportiva/exportiva/internal/stats"
	"github.com/exportiva/exportiva/internal/trade"
	"github.com/exportiva/exportiva/internal/trust"
	"github.com/exportiva/exportiva/internal/viewer"
)

// This file maps between GraphQL models and the domain packages, and holds the
// small helpers the resolvers share.

// db returns the client of the request's transaction, if any.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

func (r *Resolver) now() time.Time { return r.clock() }

func quantity(amount float64, unit domain.Unit, per domain.Period) *domain.Quantity {
	return &domain.Quantity{Amount: amount, Unit: unit, Per: per}
}

func quantityIn(q *model.QuantityInput) trade.Quantity {
	if q == nil {
		return trade.Quantity{}
	}
	out := trade.Quantity{Amount: q.Amount, Unit: q.Unit}
	if q.Per != nil {
		out.Per = *q.Per
	}
	return out
}

func moneyIn(m *model.MoneyInput) trade.Money {
	if m == nil {
		return trade.Money{}
	}
	return trade.Money{Amount: m.Amount, Currency: strings.ToUpper(m.Currency)}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// needIn is the need the fields of a match or buy request input describe.
func needIn(hsCodes []string, query *string, q *model.QuantityInput, dest *model.DestinationInput,
	certs []domain.CertificationType, incoterm *domain.Incoterm, maxPrice *model.MoneyInput, deliverBy *time.Time,
) domain.Need {
	n := domain.Need{HSCodes: hsCodes, Query: deref(query), Quantity: quantityIn(q),
		Certifications: certs, Incoterm: incoterm, DeliverBy: deliverBy}
	if dest != nil {
		n.Country, n.Port = dest.Country, deref(dest.Port)
	}
	if maxPrice != nil {
		m := moneyIn(maxPrice)
		n.MaxPrice = &m
	}
	return n
}

func needFromInput(in model.CreateBuyRequestInput) trade.NewBuyRequest {
	return trade.NewBuyRequest{
		Title:      in.Title,
		Need:       needIn(in.HsCodes, in.Query, in.Quantity, in.Destination, in.Certifications, in.Incoterm, in.MaxPrice, in.DeliverBy),
		ValidUntil: in.ValidUntil,
	}
}

func needChangeFromInput(in model.UpdateBuyRequestInput) trade.NeedChange {
	ch := trade.NeedChange{
		Title: in.Title, HSCodes: in.HsCodes, Query: in.Query, Certifications: in.Certifications,
		Incoterm: in.Incoterm, DeliverBy: in.DeliverBy, ValidUntil: in.ValidUntil, Status: in.Status,
	}
	if in.Quantity != nil {
		q := quantityIn(in.Quantity)
		ch.Quantity = &q
	}
	if in.Destination != nil {
		ch.Country = &in.Destination.Country
		ch.Port = in.Destination.Port
	}
	if in.MaxPrice != nil {
		m := moneyIn(in.MaxPrice)
		ch.MaxPrice = &m
	}
	return ch
}

// actingBuyer returns the buyer a buyer-side mutation acts for: the one given
// (privacy decides whether the viewer may act for it), else the viewer's own.
func (r *Resolver) actingBuyer(ctx context.Context, given *int) (int, error) {
	if given == nil {
		v := viewer.FromContext(ctx)
		switch {
		case v == nil:
			return 0, apperr.Unauthenticated("sign in as a buyer")
		case v.BuyerID == nil:
			return 0, apperr.BadInput([]string{"buyerID"}, "buyerID is required: the account acts for no buyer")
		}
		return *v.BuyerID, nil
	}
	if _, err := r.db(ctx).Buyer.Get(ctx, *given); err != nil {
		if ent.IsNotFound(err) {
			return 0, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such buyer", Field: []string{"buyerID"}}
		}
		return 0, err
	}
	return *given, nil
}

// actingParty returns the side a message on the inquiry is written by: the one
// given, else the viewer's side of the inquiry.
func (r *Resolver) actingParty(ctx context.Context, inquiryID int, given *domain.Party) (domain.Party, error) {
	if given != nil {
		return *given, nil
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return "", apperr.Unauthenticated("sign in to write")
	}
	inq, err := r.db(ctx).Inquiry.Get(ctx, inquiryID)
	if err != nil {
		if ent.IsNotFound(err) {
			return "", &apperr.Error{Code: apperr.CodeNotFound, Message: "no such inquiry", Field: []string{"inquiryID"}}
		}
		return "", err
	}
	switch {
	case v.OfBuyer(inq.BuyerID):
		return domain.PartyBuyer, nil
	case v.OfProducer(inq.ProducerID):
		return domain.PartyProducer, nil
	}
	return "", apperr.BadInput([]string{"sender"}, "sender is required: the account is neither party")
}

// buyerContact is a contact detail of a buyer, or null when it is empty or
// authz.CanSeeContact hides it from the viewer.
func (r *Resolver) buyerContact(ctx context.Context, b *ent.Buyer, value string) *string {
	return contact(ctx, domain.PartyBuyer, b.ID, value)
}

// producerContact is buyerContact for a producer.
func (r *Resolver) producerContact(ctx context.Context, p *ent.Producer, value string) *string {
	return contact(ctx, domain.PartyProducer, p.ID, value)
}

func contact(ctx context.Context, of domain.Party, id int, value string) *string {
	if value == "" || !authz.CanSeeContact(ctx, of, id) {
		return nil
	}
	return &value
}

func (r *Resolver) actOnQuote(ctx context.Context, id int, a trade.Action) (*model.QuotePayload, error) {
	q, err := trade.Act(ctx, r.db(ctx), id, a, r.now())
	if err != nil {
		return nil, err
	}
	r.publish(ctx, events.Event{Topic: events.InquiryUpdated, ID: q.InquiryID})
	return &model.QuotePayload{Quote: q}, nil
}

func marketRequirements(ctx context.Context, req *market.Requirements) *model.MarketRequirements {
	out := &model.MarketRequirements{
		Country: req.Country, CountryName: geo.CountryNameIn(req.Country, lang(ctx)), HsCode: req.HSCode,
		HsChapter: req.HSChapter, Blocs: req.Blocs, Rules: req.Rules,
		RequiredCertifications: req.Certifications, Documents: req.Documents, OriginForms: req.OriginForms,
	}
	for _, s := range []*[]string{&out.Blocs, &out.Documents, &out.OriginForms} {
		if *s == nil {
			*s = []string{}
		}
	}
	if out.Rules == nil {
		out.Rules = []*ent.MarketRule{}
	}
	if out.RequiredCertifications == nil {
		out.RequiredCertifications = []domain.CertificationType{}
	}
	return out
}

func exportStats(ctx context.Context, db *ent.Client, groupBy []model.ExportStatDimension, where *ent.ExportRecordWhereInput, currency *string) ([]*model.ExportStat, error) {
	dims := make([]stats.Dimension, len(groupBy))
	for i, g := range groupBy {
		dims[i] = stats.Dimension(g)
	}
	cur := "USD"
	if currency != nil {
		cur = strings.ToUpper(*currency)
	}
	var pred predicate.ExportRecord
	if where != nil {
		var err error
		if pred, err = where.P(); err != nil && !errors.Is(err, ent.ErrEmptyExportRecordWhereInput) {
			return nil, apperr.BadInput([]string{"where"}, "%v", err)
		}
	}
	rows, err := stats.Exports(ctx, db, dims, pred, cur)
	if err != nil {
		return nil, err
	}
	if err := boundList("Query.exportStats", len(rows)); err != nil {
		return nil, err
	}
	out := make([]*model.ExportStat, len(rows))
	for i, r := range rows {
		s := &model.ExportStat{Shipments: r.Shipments, VolumeKg: r.VolumeKg, Value: &model.Money{Amount: r.Value, Currency: r.Currency}}
		if r.Destination != "" {
			s.Destination = &r.Destination
		}
		if r.HSChapter != "" {
			s.HsChapter = &r.HSChapter
		}
		if r.Year != 0 {
			s.Year = &r.Year
		}
		out[i] = s
	}
	return out, nil
}

// grantInput is the domain form of GrantVerificationInput.
func grantInput(in model.GrantVerificationInput) trust.Grant {
	g := trust.Grant{FirmID: in.FirmID, Scopes: in.Scopes, VerifiedOn: in.VerifiedOn, ExpiresAt: in.ExpiresAt,
		VerifierName: deref(in.VerifierName), Evidence: deref(in.Evidence)}
	if in.Verifier != nil {
		g.Verifier = *in.Verifier
	}
	return g
}

// responseStats is a firm's shown response figures (nil when not shown).
func responseStats(s replyrate.Stats, ok bool) *model.ResponseStats {
	if !ok {
		return nil
	}
	return &model.ResponseStats{Rate: s.Rate(), Replied: s.Replied, Received: s.Received,
		MedianFirstReplySeconds: s.MedianSeconds, Since: s.Since(), ComputedAt: s.ComputedAt}
}

// fraudWarning is the warning about kinds in the reader's language (nil for none).
func fraudWarning(ctx context.Context, kinds []fraud.Kind) *model.FraudWarning {
	if len(kinds) == 0 {
		return nil
	}
	return &model.FraudWarning{Kinds: kinds, Text: fraud.Warning(i18n.From(ctx), kinds)}
}
