// Package authz holds the privacy rules of the ent schema: who may read and change
// what. The schema's Policy methods assemble them, so every path to the data —
// resolvers, the matching engine, jobs, hooks — goes through the same rules.
//
// Reads of whole objects are filtered (an object the viewer may not see does not
// exist for it: NOT_FOUND, empty lists); denied writes are FORBIDDEN; anonymous
// writes are UNAUTHENTICATED. System work (seeding, the auth service) runs under
// System(ctx), which allows everything.
package authz

import (
	"context"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/savedsearch"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// System returns a context in which every privacy rule allows: for seeding,
// migrations and the auth service, never for a client's request.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// AllowAdmin allows trade officers to read and change everything.
func AllowAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).Admin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// RequireViewer refuses changes from anonymous clients.
func RequireViewer() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		if viewer.FromContext(ctx) == nil {
			return apperr.Unauthenticated("sign in to change data")
		}
		return privacy.Skip
	})
}

// RequireVerified refuses posts (products, buy requests, inquiries, messages,
// quotes) from an account that has not confirmed its e-mail address
// (EMAIL_NOT_VERIFIED); such an account may browse and set up its profile.
func RequireVerified() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		if v := viewer.FromContext(ctx); v != nil && v.Unverified {
			return &apperr.Error{Code: apperr.CodeEmailNotVerified, Message: "confirm your e-mail address first: follow the link we sent you (resendVerificationEmail sends a new one)"}
		}
		return privacy.Skip
	})
}

// AdminOnly refuses changes from anyone but trade officers (who are allowed
// before this rule runs).
func AdminOnly(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error {
		return apperr.Forbidden("only the trade office can change %s", what)
	})
}

// Public lets everyone read.
func Public() privacy.QueryRule { return privacy.AlwaysAllowRule() }

// Mutation policy of producer-owned records (products, certifications, export
// records): only members of the owning producer write them.
type producerOwned interface {
	ent.Mutation
	ProducerID() (int, bool)
	OldProducerID(context.Context) (int, error)
	ID() (int, bool)
}

// OwnProducer allows members of the producer that owns the record.
func OwnProducer(what string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		om, ok := m.(producerOwned)
		if !ok {
			return privacy.Denyf("unexpected mutation %T", m)
		}
		v := viewer.FromContext(ctx)
		owner, ok := om.ProducerID()
		switch {
		case ok:
		case m.Op().Is(ent.OpUpdateOne):
			var err error
			if owner, err = om.OldProducerID(ctx); err != nil {
				return err
			}
			ok = true
		case m.Op().Is(ent.OpDeleteOne):
			var err error
			if owner, err = ownerOfDeleted(ctx, m); err != nil {
				return err
			}
			ok = true
		}
		if ok && v.OfProducer(owner) {
			return privacy.Allow
		}
		return apperr.Forbidden("only members of the producer can change its %s", what)
	})
}

// ownerOfDeleted returns the producer of the record a DeleteOne removes; a
// record the viewer cannot see is NOT_FOUND.
func ownerOfDeleted(ctx context.Context, m ent.Mutation) (int, error) {
	switch m := m.(type) {
	case *ent.ExportRecordMutation:
		id, _ := m.ID()
		r, err := m.Client().ExportRecord.Get(ctx, id)
		if err != nil {
			return 0, apperr.NotFound("no such export record")
		}
		return r.ProducerID, nil
	case *ent.MediaMutation:
		id, _ := m.ID()
		r, err := m.Client().Media.Get(ctx, id)
		if err != nil {
			return 0, apperr.NotFound("no such picture")
		}
		return r.ProducerID, nil
	}
	return 0, apperr.Forbidden("records of this kind are not deleted")
}

// ProducerMutation rule: a producer account without an organization creates one; its
// members change it; verification is the trade office's alone.
func ProducerMutation() privacy.MutationRule {
	return privacy.ProducerMutationRuleFunc(func(ctx context.Context, m *ent.ProducerMutation) error {
		v := viewer.FromContext(ctx)
		// Create sets verified=false by default; anything else about it is the office's.
		if verified, ok := m.Verified(); ok && (verified || !m.Op().Is(ent.OpCreate)) || fieldSet(m, "verified_at", "verified_by", "verified_until", "verified_scopes") {
			return apperr.Forbidden("only the trade office verifies producers")
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			if v.Role == domain.RoleProducer && v.ProducerID == nil {
				return privacy.Allow
			}
			if v.Role != domain.RoleProducer {
				return apperr.Forbidden("only producer accounts register producers")
			}
			return apperr.Conflict("the account already acts for a producer")
		case m.Op().Is(ent.OpUpdateOne):
			if id, ok := m.ID(); ok && v.OfProducer(id) {
				return privacy.Allow
			}
		}
		return apperr.Forbidden("only members of the producer can change it")
	})
}

// BuyerMutation mirrors ProducerMutation for buyers.
func BuyerMutation() privacy.MutationRule {
	return privacy.BuyerMutationRuleFunc(func(ctx context.Context, m *ent.BuyerMutation) error {
		v := viewer.FromContext(ctx)
		if verified, ok := m.Verified(); ok && (verified || !m.Op().Is(ent.OpCreate)) || fieldSet(m, "verified_until", "verified_scopes") {
			return apperr.Forbidden("only the trade office verifies buyers")
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			if v.Role == domain.RoleBuyer && v.BuyerID == nil {
				return privacy.Allow
			}
			if v.Role != domain.RoleBuyer {
				return apperr.Forbidden("only buyer accounts register buyers")
			}
			return apperr.Conflict("the account already acts for a buyer")
		case m.Op().Is(ent.OpUpdateOne):
			id, _ := m.ID()
			if v.OfBuyer(id) {
				return privacy.Allow
			}
			// A buyer the viewer cannot see does not exist for it.
			if ok, err := m.Client().Buyer.Query().Where(buyer.ID(id)).Exist(ctx); err != nil || !ok {
				return apperr.NotFound("no such buyer")
			}
		}
		return apperr.Forbidden("only members of the buyer can change it")
	})
}

func fieldSet(m ent.Mutation, names ...string) bool {
	for _, n := range names {
		if _, ok := m.Field(n); ok {
			return true
		}
	}
	return false
}

// BuyerQuery rule: buyers see themselves, producers see every buyer (they answer their
// requests), anonymous clients none (visible.BuyerFor).
func BuyerQuery() privacy.QueryRule {
	return privacy.BuyerQueryRuleFunc(func(ctx context.Context, q *ent.BuyerQuery) error {
		if p := visible.BuyerFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// BuyRequestQuery rule: buyers see their own requests, producers the open ones,
// anonymous clients none (a request reveals its buyer; visible.BuyRequestFor).
func BuyRequestQuery() privacy.QueryRule {
	return privacy.BuyRequestQueryRuleFunc(func(ctx context.Context, q *ent.BuyRequestQuery) error {
		if p := visible.BuyRequestFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// BuyRequestMutation rule: a buyer's members post and change its requests.
func BuyRequestMutation() privacy.MutationRule {
	return privacy.BuyRequestMutationRuleFunc(func(ctx context.Context, m *ent.BuyRequestMutation) error {
		v := viewer.FromContext(ctx)
		owner, ok := m.BuyerID()
		if !ok && m.Op().Is(ent.OpUpdateOne) {
			var err error
			if owner, err = m.OldBuyerID(ctx); err != nil {
				return err
			}
			ok = true
		}
		if ok && v.OfBuyer(owner) {
			return privacy.Allow
		}
		return apperr.Forbidden("only members of the buyer can post or change its buy requests")
	})
}

// party is the filter of inquiries the viewer takes part in.
func party(v *viewer.Viewer) predicate.Inquiry { return visible.Party(v) }

// InquiryQuery rule: the two parties see an inquiry; nobody else knows it exists.
func InquiryQuery() privacy.QueryRule {
	return privacy.InquiryQueryRuleFunc(func(ctx context.Context, q *ent.InquiryQuery) error {
		if p := visible.InquiryFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// NotificationQuery rule: only the recipient reads its notifications.
func NotificationQuery() privacy.QueryRule {
	return privacy.NotificationQueryRuleFunc(func(ctx context.Context, q *ent.NotificationQuery) error {
		if p := visible.NotificationFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// WebhookEndpointQuery filters webhook endpoints to their owners'
// (visible.WebhookEndpointFor).
func WebhookEndpointQuery() privacy.QueryRule {
	return privacy.WebhookEndpointQueryRuleFunc(func(ctx context.Context, q *ent.WebhookEndpointQuery) error {
		if p := visible.WebhookEndpointFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// WebhookDeliveryQuery filters webhook deliveries to their endpoint's owners.
func WebhookDeliveryQuery() privacy.QueryRule {
	return privacy.WebhookDeliveryQueryRuleFunc(func(ctx context.Context, q *ent.WebhookDeliveryQuery) error {
		if p := visible.WebhookDeliveryFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// SideOf is the side of an inquiry the viewer acts for, if any.
func SideOf(v *viewer.Viewer, inq *ent.Inquiry) (domain.Party, bool) {
	switch {
	case v.OfBuyer(inq.BuyerID):
		return domain.PartyBuyer, true
	case v.OfProducer(inq.ProducerID):
		return domain.PartyProducer, true
	}
	return "", false
}

// ReaderSide decides who may mark an inquiry read: only its two parties (a
// trade officer who can see it is FORBIDDEN: the thread's read state is the
// parties').
func ReaderSide(ctx context.Context, inq *ent.Inquiry) (domain.Party, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return "", apperr.Unauthenticated("sign in to read inquiries")
	}
	if side, ok := SideOf(v, inq); ok {
		return side, nil
	}
	return "", apperr.Forbidden("only the parties of an inquiry mark it read")
}

// TeamMember is the viewer as a member of a firm (a producer or a buyer);
// anonymous viewers are UNAUTHENTICATED, accounts of no firm FORBIDDEN.
func TeamMember(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.Unauthenticated("sign in to see your team")
	case v.ProducerID == nil && v.BuyerID == nil:
		return nil, apperr.Forbidden("the account acts for no firm")
	}
	return v, nil
}

// TeamOwner is the account of a viewer who may manage its firm's team
// (invite, remove): an OWNER; accounts of a firm from before roles count as
// owners. STAFF is FORBIDDEN.
func TeamOwner(ctx context.Context) (int, error) {
	v, err := TeamMember(ctx)
	if err != nil {
		return 0, err
	}
	if v.FirmRole != "" && v.FirmRole != domain.FirmOwner {
		return 0, apperr.Forbidden("only the firm's owners manage its team")
	}
	return v.AccountID, nil
}

// NotificationsOwner is the account whose notifications the viewer reads:
// its own; anonymous viewers are UNAUTHENTICATED.
func NotificationsOwner(ctx context.Context) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return 0, apperr.Unauthenticated("sign in to see notifications")
	}
	return v.AccountID, nil
}

// InquiryMutation rule: a buyer's members open inquiries; either party changes one.
func InquiryMutation() privacy.MutationRule {
	return privacy.InquiryMutationRuleFunc(func(ctx context.Context, m *ent.InquiryMutation) error {
		v := viewer.FromContext(ctx)
		if m.Op().Is(ent.OpCreate) {
			if b, ok := m.BuyerID(); ok && v.OfBuyer(b) {
				return privacy.Allow
			}
			return apperr.Forbidden("only members of the buyer can send its inquiries")
		}
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			if _, err := m.Client().Inquiry.Query().Where(inquiry.ID(id), party(v)).Only(ctx); err == nil {
				return privacy.Allow
			}
		}
		return apperr.Forbidden("only the parties change an inquiry")
	})
}

// MessageQuery rule: messages are seen by the parties of their inquiry.
func MessageQuery() privacy.QueryRule {
	return privacy.MessageQueryRuleFunc(func(ctx context.Context, q *ent.MessageQuery) error {
		if p := visible.MessageFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// MessageMutation rule: each party writes as itself on its own inquiries.
func MessageMutation() privacy.MutationRule {
	return privacy.MessageMutationRuleFunc(func(ctx context.Context, m *ent.MessageMutation) error {
		v := viewer.FromContext(ctx)
		id, ok := m.InquiryID()
		if !ok || !m.Op().Is(ent.OpCreate) {
			return apperr.Forbidden("messages cannot be changed")
		}
		inq, err := m.Client().Inquiry.Query().Where(inquiry.ID(id), party(v)).Only(ctx)
		if err != nil {
			return apperr.NotFound("no such inquiry")
		}
		sender, _ := m.Sender()
		if sender == domain.PartyBuyer && v.OfBuyer(inq.BuyerID) || sender == domain.PartyProducer && v.OfProducer(inq.ProducerID) {
			return privacy.Allow
		}
		return apperr.Forbidden("you write on this inquiry only as your own side")
	})
}

// QuoteQuery rule: quotes are seen by the parties of their inquiry.
func QuoteQuery() privacy.QueryRule {
	return privacy.QuoteQueryRuleFunc(func(ctx context.Context, q *ent.QuoteQuery) error {
		if p := visible.QuoteFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// QuoteMutation rule: the producer quotes and withdraws (or supersedes by quoting
// again); the buyer accepts and declines.
func QuoteMutation() privacy.MutationRule {
	return privacy.QuoteMutationRuleFunc(func(ctx context.Context, m *ent.QuoteMutation) error {
		v := viewer.FromContext(ctx)
		var inquiryID int
		switch {
		case m.Op().Is(ent.OpCreate):
			inquiryID, _ = m.InquiryID()
		case m.Op().Is(ent.OpUpdateOne):
			var err error
			if inquiryID, err = m.OldInquiryID(ctx); err != nil {
				return err
			}
		default:
			return apperr.Forbidden("quotes change one at a time")
		}
		inq, err := m.Client().Inquiry.Query().Where(inquiry.ID(inquiryID), party(v)).Only(ctx)
		if err != nil {
			return apperr.NotFound("no such inquiry")
		}
		if m.Op().Is(ent.OpCreate) {
			if v.OfProducer(inq.ProducerID) {
				return privacy.Allow
			}
			return apperr.Forbidden("only the producer asked can quote")
		}
		switch status, _ := m.Status(); status {
		case domain.QuoteAccepted, domain.QuoteDeclined:
			if v.OfBuyer(inq.BuyerID) {
				return privacy.Allow
			}
			return apperr.Forbidden("only the buyer accepts or declines a quote")
		case domain.QuoteWithdrawn, domain.QuoteSuperseded:
			if v.OfProducer(inq.ProducerID) {
				return privacy.Allow
			}
			return apperr.Forbidden("only the producer withdraws a quote")
		}
		return apperr.Forbidden("that change to a quote is not allowed")
	})
}

// AccountQuery rule: an account sees itself.
func AccountQuery() privacy.QueryRule {
	return privacy.AccountQueryRuleFunc(func(ctx context.Context, q *ent.AccountQuery) error {
		if p := visible.AccountFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// CanSeeLeads decides whether the viewer may see the leads of a producer (the
// open buy requests its products fit): the producer's own members and the trade
// office may; anyone else may not, whichever field asks (Query.leads,
// Product.leads). It answers UNAUTHENTICATED for anonymous viewers and FORBIDDEN
// for the others.
func CanSeeLeads(ctx context.Context, producerID int) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.Unauthenticated("sign in as a producer to see leads")
	case v.Admin() || v.OfProducer(producerID):
		return nil
	default:
		return apperr.Forbidden("leads are for the producer's own members")
	}
}

// CanImportFor decides whether the viewer may import products for a producer:
// the producer's own members and the trade office may; anyone else gets
// FORBIDDEN.
func CanImportFor(ctx context.Context, producerID int) error {
	v := viewer.FromContext(ctx)
	if v.Admin() || v.OfProducer(producerID) {
		return nil
	}
	return apperr.Forbidden("only members of the producer can change its %s", "products")
}

// CanSeeContact decides whether the viewer may read the contact details
// (contact name, e-mail, phone; a producer's address) of the producer or the
// buyer with the id: a producer's are for every signed-in account (buyers must
// reach the producers they find); a buyer's for its own members and the trade
// office only. Anonymous viewers see neither. The GraphQL fields answer null
// when it says no.
func CanSeeContact(ctx context.Context, of domain.Party, id int) bool {
	v := viewer.FromContext(ctx)
	switch of {
	case domain.PartyProducer:
		return v != nil
	case domain.PartyBuyer:
		return v.Admin() || v.OfBuyer(id)
	}
	return false
}

// LeadsProducer returns the producer whose live leads the viewer may receive:
// the one the account acts for. It answers UNAUTHENTICATED for anonymous viewers
// and FORBIDDEN for accounts that act for no producer.
func LeadsProducer(ctx context.Context) (int, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return 0, apperr.Unauthenticated("sign in as a producer to receive leads")
	case v.ProducerID == nil:
		return 0, apperr.Forbidden("leads are for producer accounts that act for a producer")
	default:
		return *v.ProducerID, nil
	}
}

// CanChangeMediaOf decides whether the viewer may change the pictures of a
// producer (its logo and its products' photos): the producer's own members and
// the trade office may. It is asked before an upload is decoded, so that no one
// else spends the server's work; the Media policy decides again on the write.
func CanChangeMediaOf(ctx context.Context, producerID int) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.Unauthenticated("sign in to change pictures")
	case v.Admin() || v.OfProducer(producerID):
		return nil
	default:
		return apperr.Forbidden("only members of the producer can change its %s", "pictures")
	}
}

// SavedSearchQuery rule: an account sees its own saved searches; anonymous viewers
// none.
func SavedSearchQuery() privacy.QueryRule {
	return privacy.SavedSearchQueryRuleFunc(func(ctx context.Context, q *ent.SavedSearchQuery) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			q.Where(savedsearch.AccountID(0), savedsearch.AccountIDNEQ(0))
			return privacy.Allow
		}
		q.Where(savedsearch.AccountID(v.AccountID))
		return privacy.Allow
	})
}

// SavedSearchMutation rule: an account saves, changes and deletes its own searches;
// anyone else's is NOT_FOUND (it does not exist for them).
func SavedSearchMutation() privacy.MutationRule {
	return privacy.SavedSearchMutationRuleFunc(func(ctx context.Context, m *ent.SavedSearchMutation) error {
		v := viewer.FromContext(ctx)
		if m.Op().Is(ent.OpCreate) {
			if owner, ok := m.AccountID(); ok && owner == v.AccountID {
				return privacy.Allow
			}
			return apperr.Forbidden("a search is saved for the signed-in account")
		}
		if id, ok := m.ID(); ok && (m.Op().Is(ent.OpUpdateOne) || m.Op().Is(ent.OpDeleteOne)) {
			owner, err := m.Client().SavedSearch.Query().Where(savedsearch.ID(id)).Select(savedsearch.FieldAccountID).Int(System(ctx))
			if err == nil && owner == v.AccountID {
				return privacy.Allow
			}
			return apperr.NotFound("no such saved search")
		}
		return apperr.Forbidden("saved searches are changed one at a time")
	})
}

// CanSaveSearches decides whether the viewer may keep saved searches: signed-in
// buyer accounts (and the trade office) may.
func CanSaveSearches(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.Unauthenticated("sign in as a buyer to save searches")
	case v.Admin() || v.Role == domain.RoleBuyer:
		return nil
	default:
		return apperr.Forbidden("saved searches are for buyer accounts")
	}
}

// VerificationQuery lets a producer's verifications be public; a buyer's follow
// the buyer's visibility (visible.VerificationFor).
func VerificationQuery() privacy.QueryRule {
	return privacy.VerificationQueryRuleFunc(func(ctx context.Context, q *ent.VerificationQuery) error {
		if p := visible.VerificationFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}
