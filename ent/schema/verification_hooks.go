package schema

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/verification"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
)

// Policy of the Verification: a producer's verifications are public (buyers
// see what was checked), a buyer's are seen by whoever sees the buyer; only
// the trade office writes them.
func (Verification) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{authz.VerificationQuery()},
		Mutation: writes(privacy.VerificationMutationRuleFunc(func(context.Context, *gen.VerificationMutation) error {
			return apperr.Forbidden("only the trade office verifies firms")
		})),
	}
}

// Hooks of the Verification.
func (Verification) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(verificationCheckHook, ent.OpCreate), hook.On(verificationSummaryHook, fieldWrites)}
}

// verificationCheckHook checks a new record: exactly one firm, at least one
// scope, an expiry after the checks, and at most MaxVerifications per firm.
func verificationCheckHook(next ent.Mutator) ent.Mutator {
	return hook.VerificationFunc(func(ctx context.Context, m *gen.VerificationMutation) (ent.Value, error) {
		pid, isProducer := m.ProducerID()
		bid, isBuyer := m.BuyerID()
		if isProducer == isBuyer {
			return nil, validate.Field("id", errors.New("a verification is of one producer or one buyer"))
		}
		scopes, _ := m.Scopes()
		if len(scopes) == 0 {
			return nil, validate.Field("scopes", errors.New("name at least one thing that was checked"))
		}
		for _, s := range scopes {
			if !domain.VerificationScopes.Valid(s) {
				return nil, validate.Field("scopes", fmt.Errorf("%q is not a verification scope", s))
			}
			if s == domain.ScopeImporterLicence && isProducer {
				return nil, validate.Field("scopes", errors.New("an importer licence is checked for buyers only"))
			}
		}
		on, _ := m.VerifiedOn()
		if exp, ok := m.ExpiresAt(); ok && !exp.After(on) {
			return nil, validate.Field("expires_at", errors.New("the expiry must come after the checks"))
		}
		q := m.Client().Verification.Query()
		if isProducer {
			q.Where(verification.ProducerID(pid))
		} else {
			q.Where(verification.BuyerID(bid))
		}
		n, err := q.Count(privacy.DecisionContext(ctx, privacy.Allow))
		if err != nil {
			return nil, err
		}
		if n >= domain.MaxVerifications {
			return nil, validate.Field("id", fmt.Errorf("the firm has %d verification records already, the most it may have", n))
		}
		return next.Mutate(ctx, m)
	})
}

// verificationSummaryHook keeps what a producer or buyer holds of its
// verification records in step, in the same transaction: the flag (any
// unrevoked record unexpired when written), verified_until (the latest expiry
// of its unrevoked records), verified_scopes (each scope with its latest
// expiry) and, for producers, verified_at and verified_by of the latest
// record. Readers judge expiry at read time from these (domain.VerifiedNow,
// domain.ActiveScopes), so no record is read per profile or per match.
func verificationSummaryHook(next ent.Mutator) ent.Mutator {
	return hook.VerificationFunc(func(ctx context.Context, m *gen.VerificationMutation) (ent.Value, error) {
		allow := privacy.DecisionContext(ctx, privacy.Allow)
		pid, isProducer := m.ProducerID()
		bid, isBuyer := m.BuyerID()
		if !isProducer && !isBuyer {
			if !m.Op().Is(ent.OpUpdateOne) {
				return nil, apperr.Forbidden("verifications are changed one at a time")
			}
			if p, err := m.OldProducerID(allow); err == nil && p != nil {
				pid, isProducer = *p, true
			} else if b, err := m.OldBuyerID(allow); err == nil && b != nil {
				bid, isBuyer = *b, true
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		client := m.Client()
		q := client.Verification.Query().Where(verification.RevokedAtIsNil())
		switch {
		case isProducer:
			q.Where(verification.ProducerID(pid))
		case isBuyer:
			q.Where(verification.BuyerID(bid))
		default:
			return v, nil
		}
		records, err := q.Order(gen.Asc(verification.FieldVerifiedOn)).All(allow)
		if err != nil {
			return nil, err
		}
		s := summarize(records, time.Now())
		if isProducer {
			u := client.Producer.UpdateOneID(pid).SetVerified(s.verified).SetVerifiedScopes(s.scopes)
			if s.until != nil {
				u.SetVerifiedUntil(*s.until)
			} else {
				u.ClearVerifiedUntil()
			}
			if s.latest != nil {
				u.SetVerifiedAt(s.latest.VerifiedOn).SetVerifiedBy(s.latest.GrantedBy)
			}
			return v, u.Exec(allow)
		}
		u := client.Buyer.UpdateOneID(bid).SetVerified(s.verified).SetVerifiedScopes(s.scopes)
		if s.until != nil {
			u.SetVerifiedUntil(*s.until)
		} else {
			u.ClearVerifiedUntil()
		}
		return v, u.Exec(allow)
	})
}

type verificationSummary struct {
	verified bool
	until    *time.Time
	scopes   []domain.ScopeUntil
	latest   *gen.Verification
}

// summarize folds a firm's unrevoked records, oldest first.
func summarize(records []*gen.Verification, now time.Time) verificationSummary {
	var s verificationSummary
	idx := map[domain.VerificationScope]int{}
	for _, r := range records {
		if s.until == nil || r.ExpiresAt.After(*s.until) {
			t := r.ExpiresAt
			s.until = &t
		}
		s.latest = r
		for _, sc := range r.Scopes {
			if i, ok := idx[sc]; ok {
				if r.ExpiresAt.After(s.scopes[i].Until) {
					s.scopes[i].Until = r.ExpiresAt
				}
				continue
			}
			idx[sc] = len(s.scopes)
			s.scopes = append(s.scopes, domain.ScopeUntil{Scope: sc, Until: r.ExpiresAt})
		}
	}
	s.verified = s.until != nil && now.Before(*s.until)
	return s
}
