// Package visible holds, for every ent type, the rows a viewer may read, as SQL
// predicates. The privacy query rules of internal/authz filter the root of each
// query with them, and the generated where inputs (ent/template/where_input.tmpl)
// apply them to the targets of every has<Edge> and has<Edge>With filter, so that
// a filter on an edge cannot reveal rows the viewer may not read.
//
// Each type has two forms: <Type>For(ctx) returns the predicate for the viewer in
// ctx (nil when every row is visible), and <Type>(selector) applies it reading the
// viewer from the selector's context (the form the where inputs use, as their
// predicates are built without a context). A selector without a context sees as
// an anonymous viewer: the rule fails closed.
//
// The package imports only the generated predicate packages, never the ent
// client, so that the generated code can import it.
package visible

import (
	"context"

	"entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"

	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/firmblock"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/ent/quote"
	"github.com/exportiva/exportiva/ent/report"
	"github.com/exportiva/exportiva/ent/verification"
	"github.com/exportiva/exportiva/ent/webhookdelivery"
	"github.com/exportiva/exportiva/ent/webhookendpoint"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// unrestricted reports whether ctx sees every row: system work (authz.System)
// and trade officers.
func unrestricted(ctx context.Context) bool {
	// An Allow decision comes back as (nil, true).
	if d, ok := entprivacy.DecisionFromContext(ctx); ok && d == nil {
		return true
	}
	return viewer.FromContext(ctx).Admin()
}

func apply[P ~func(*sql.Selector)](s *sql.Selector, p P) {
	if p != nil {
		p(s)
	}
}

// Party is the filter of the inquiries the viewer takes part in (as the buyer or
// the producer); it matches nothing for a viewer that acts for neither.
func Party(v *viewer.Viewer) predicate.Inquiry {
	var ors []predicate.Inquiry
	if v != nil && v.BuyerID != nil {
		ors = append(ors, inquiry.BuyerID(*v.BuyerID))
	}
	if v != nil && v.ProducerID != nil {
		ors = append(ors, inquiry.ProducerID(*v.ProducerID))
	}
	if len(ors) == 0 {
		return none
	}
	return inquiry.Or(ors...)
}

// AccountFor filters: an account sees itself.
func AccountFor(ctx context.Context) predicate.Account {
	if unrestricted(ctx) {
		return nil
	}
	if v := viewer.FromContext(ctx); v != nil {
		return account.ID(v.AccountID)
	}
	return none
}

// BuyerFor filters: buyers see themselves, producers every buyer (they answer their
// requests), anonymous viewers none.
func BuyerFor(ctx context.Context) predicate.Buyer {
	v := viewer.FromContext(ctx)
	switch {
	case unrestricted(ctx), v != nil && v.Role == domain.RoleProducer:
		return nil
	case v != nil && v.BuyerID != nil:
		return buyer.ID(*v.BuyerID)
	default:
		return none
	}
}

// BuyRequestFor filters: buyers see their own requests, producers the open ones,
// anonymous viewers none (a request reveals its buyer).
func BuyRequestFor(ctx context.Context) predicate.BuyRequest {
	v := viewer.FromContext(ctx)
	switch {
	case unrestricted(ctx):
		return nil
	case v != nil && v.BuyerID != nil:
		return buyrequest.BuyerID(*v.BuyerID)
	case v != nil && v.Role == domain.RoleProducer:
		return buyrequest.And(buyrequest.StatusEQ(domain.BuyRequestOpen), buyrequest.HiddenAtIsNil())
	default:
		return none
	}
}

// InquiryFor filters: the two parties see an inquiry; nobody else knows it exists.
func InquiryFor(ctx context.Context) predicate.Inquiry {
	if unrestricted(ctx) {
		return nil
	}
	return Party(viewer.FromContext(ctx))
}

// MessageFor filters: messages are seen by the parties of their inquiry.
func MessageFor(ctx context.Context) predicate.Message {
	if unrestricted(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	return message.And(message.HasInquiryWith(Party(v)), message.Or(message.HiddenAtIsNil(), ownMessage(v)))
}

// ownMessage is the filter of the messages the viewer's side wrote (a hidden
// message stays visible to its writer).
func ownMessage(v *viewer.Viewer) predicate.Message {
	var ors []predicate.Message
	if v != nil && v.BuyerID != nil {
		ors = append(ors, message.And(message.SenderEQ(domain.PartyBuyer), message.HasInquiryWith(inquiry.BuyerID(*v.BuyerID))))
	}
	if v != nil && v.ProducerID != nil {
		ors = append(ors, message.And(message.SenderEQ(domain.PartyProducer), message.HasInquiryWith(inquiry.ProducerID(*v.ProducerID))))
	}
	if len(ors) == 0 {
		return none
	}
	return message.Or(ors...)
}

// ProductFor filters: products are public, except those the trade office hid
// after a report, which only their producer's members (and the trade office)
// still see.
//
// The filter is `id NOT IN (the hidden products' ids)`, an uncorrelated
// subquery on the product_hidden_at index that the database evaluates once
// per statement, rather than `hidden_at IS NULL`: the row id is in every index,
// so the catalog's covering-index plans (its totalCount reads the index alone)
// stay as they were.
func ProductFor(ctx context.Context) predicate.Product {
	owner, ok := unseenProducts(ctx)
	if !ok {
		return nil
	}
	return func(s *sql.Selector) { s.Where(sql.NotIn(s.C(product.FieldID), hiddenIDs(owner))) }
}

// UnseenProducts filters the products ProductFor leaves out for the viewer
// in ctx: the hidden ones it may not read, found through the hidden_at index
// (id IN a list of the few hidden products). ok is false when it reads every
// product. Counts kept outside the products (internal/tally) subtract them.
func UnseenProducts(ctx context.Context) (p predicate.Product, ok bool) {
	owner, ok := unseenProducts(ctx)
	if !ok {
		return nil, false
	}
	return func(s *sql.Selector) { s.Where(sql.In(s.C(product.FieldID), hiddenIDs(owner))) }, true
}

// unseenProducts tells whether the viewer in ctx is kept from some hidden
// products (ok), and the producer whose hidden products it still reads
// (owner; nil for none).
func unseenProducts(ctx context.Context) (owner *int, ok bool) {
	if unrestricted(ctx) {
		return nil, false
	}
	if v := viewer.FromContext(ctx); v != nil {
		owner = v.ProducerID
	}
	return owner, true
}

// hiddenIDs is the query of the ids of the hidden products of every producer
// but owner.
func hiddenIDs(owner *int) *sql.Selector {
	h := sql.Table(product.Table).As("hidden_products")
	hidden := sql.Select(h.C(product.FieldID)).From(h).Where(sql.NotNull(h.C(product.FieldHiddenAt)))
	if owner != nil {
		hidden.Where(sql.NEQ(h.C(product.FieldProducerID), *owner))
	}
	return hidden
}

// HiddenProductsSeen tells which hidden products the viewer in ctx reads, as
// ProductFor decides: every one (all: the trade office, system work), or
// those of its own producer (owner; nil for none). An in-memory copy of the
// catalog (the match index) filters with it as ProductFor filters in SQL.
func HiddenProductsSeen(ctx context.Context) (all bool, owner *int) {
	if unrestricted(ctx) {
		return true, nil
	}
	if v := viewer.FromContext(ctx); v != nil {
		return false, v.ProducerID
	}
	return false, nil
}

// ReportFor filters: a report is read by its reporter (and the trade office);
// the reported firm never sees it.
func ReportFor(ctx context.Context) predicate.Report {
	if unrestricted(ctx) {
		return nil
	}
	if v := viewer.FromContext(ctx); v != nil {
		return report.ReporterID(v.AccountID)
	}
	return none
}

// FirmBlockFor filters: a block is seen by the firm that made it (and the
// trade office); the blocked firm is not told.
func FirmBlockFor(ctx context.Context) predicate.FirmBlock {
	if unrestricted(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	var ors []predicate.FirmBlock
	if v != nil && v.ProducerID != nil {
		ors = append(ors, firmblock.And(firmblock.ByEQ(domain.PartyProducer), firmblock.ProducerID(*v.ProducerID)))
	}
	if v != nil && v.BuyerID != nil {
		ors = append(ors, firmblock.And(firmblock.ByEQ(domain.PartyBuyer), firmblock.BuyerID(*v.BuyerID)))
	}
	if len(ors) == 0 {
		return none
	}
	return firmblock.Or(ors...)
}

// Report restricts a selector of reports to the visible ones.
func Report(s *sql.Selector) { apply(s, ReportFor(s.Context())) }

// FirmBlock restricts a selector of blocks to the visible ones.
func FirmBlock(s *sql.Selector) { apply(s, FirmBlockFor(s.Context())) }

// QuoteFor filters: quotes are seen by the parties of their inquiry.
func QuoteFor(ctx context.Context) predicate.Quote {
	if unrestricted(ctx) {
		return nil
	}
	return quote.HasInquiryWith(Party(viewer.FromContext(ctx)))
}

// SessionFor filters: sessions are read by the auth service only.
func SessionFor(ctx context.Context) predicate.Session {
	if unrestricted(ctx) {
		return nil
	}
	return none
}

// NotificationFor filters: a notification is read by its recipient alone (not even
// the trade office: it says what the account was told) and by system work.
func NotificationFor(ctx context.Context) predicate.Notification {
	if d, ok := entprivacy.DecisionFromContext(ctx); ok && d == nil {
		return nil
	}
	if v := viewer.FromContext(ctx); v != nil {
		return notification.AccountID(v.AccountID)
	}
	return none
}

// WebhookEndpointFor is who reads a webhook endpoint: a webhook endpoint is read by its owner alone — the
// account that created an ACCOUNT endpoint, the members of the firm of a FIRM
// endpoint — (not the trade office: it is an integration of the firm's own)
// and by system work.
func WebhookEndpointFor(ctx context.Context) predicate.WebhookEndpoint {
	if d, ok := entprivacy.DecisionFromContext(ctx); ok && d == nil {
		return nil
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return none
	}
	or := []predicate.WebhookEndpoint{webhookendpoint.And(webhookendpoint.AccountID(v.AccountID), webhookendpoint.ScopeEQ(domain.WebhookAccount))}
	if v.ProducerID != nil {
		or = append(or, webhookendpoint.And(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.ProducerID(*v.ProducerID)))
	}
	if v.BuyerID != nil {
		or = append(or, webhookendpoint.And(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.BuyerID(*v.BuyerID)))
	}
	return webhookendpoint.Or(or...)
}

// WebhookDeliveryFor is who reads a webhook delivery: the owners of its endpoint.
func WebhookDeliveryFor(ctx context.Context) predicate.WebhookDelivery {
	p := WebhookEndpointFor(ctx)
	if p == nil {
		return nil
	}
	return webhookdelivery.HasEndpointWith(p)
}

// WebhookEndpoint restricts a selector of webhook endpoints to the visible ones.
func WebhookEndpoint(s *sql.Selector) { apply(s, WebhookEndpointFor(s.Context())) }

// WebhookDelivery restricts a selector of webhook deliveries to the visible ones.
func WebhookDelivery(s *sql.Selector) { apply(s, WebhookDeliveryFor(s.Context())) }

// Notification restricts a selector of notifications to the visible ones.
func Notification(s *sql.Selector) { apply(s, NotificationFor(s.Context())) }

// Account restricts a selector of accounts to the visible ones.
func Account(s *sql.Selector) { apply(s, AccountFor(s.Context())) }

// Buyer restricts a selector of buyers to the visible ones.
func Buyer(s *sql.Selector) { apply(s, BuyerFor(s.Context())) }

// BuyRequest restricts a selector of buy requests to the visible ones.
func BuyRequest(s *sql.Selector) { apply(s, BuyRequestFor(s.Context())) }

// Inquiry restricts a selector of inquiries to the visible ones.
func Inquiry(s *sql.Selector) { apply(s, InquiryFor(s.Context())) }

// Message restricts a selector of messages to the visible ones.
func Message(s *sql.Selector) { apply(s, MessageFor(s.Context())) }

// Quote restricts a selector of quotes to the visible ones.
func Quote(s *sql.Selector) { apply(s, QuoteFor(s.Context())) }

// Session restricts a selector of sessions to the visible ones.
func Session(s *sql.Selector) { apply(s, SessionFor(s.Context())) }

// The public types: every row is visible to everyone (the catalog, the track
// record, the market rules and exchange rates, the search index).

// Producer leaves a selector of producers as it is: producers are public.
func Producer(*sql.Selector) {}

// Product restricts a selector of products to the visible ones: every product
// but those the trade office hid (ProductFor).
func Product(s *sql.Selector) { apply(s, ProductFor(s.Context())) }

// Certification leaves a selector of certifications as it is: they are public.
func Certification(*sql.Selector) {}

// ExportRecord leaves a selector of export records as it is: they are public.
func ExportRecord(*sql.Selector) {}

// MarketRule leaves a selector of market rules as it is: they are public.
func MarketRule(*sql.Selector) {}

// FxRate leaves a selector of exchange rates as it is: they are public.
func FxRate(*sql.Selector) {}

// ProductTerm leaves a selector of search terms as it is: they are public.
func ProductTerm(*sql.Selector) {}

// Media leaves a selector of pictures as it is: pictures are public.
func Media(*sql.Selector) {}

// VerificationFor makes a producer's verifications public; a buyer's are seen
// by whoever sees the buyer.
func VerificationFor(ctx context.Context) predicate.Verification {
	p := BuyerFor(ctx)
	if p == nil {
		return nil
	}
	return verification.Or(verification.ProducerIDNotNil(), verification.HasBuyerWith(p))
}

// Verification applies VerificationFor.
func Verification(s *sql.Selector) { apply(s, VerificationFor(s.Context())) }
