// Package trust holds what lets strangers trust each other on the platform:
// verification records of producers and buyers (what was checked, by whom,
// until when).
package trust

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/verification"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Grant is a verification the trade office records.
type Grant struct {
	// FirmID is the producer or buyer verified.
	FirmID       int
	Scopes       []domain.VerificationScope
	Verifier     domain.Verifier
	VerifierName string
	// VerifiedOn is when the checks were done (now when nil).
	VerifiedOn *time.Time
	// ExpiresAt is when the record stops counting (VerificationValidity
	// months after VerifiedOn when nil).
	ExpiresAt *time.Time
	Evidence  string
}

// GrantVerification records g for the firm it names, as the viewer (a trade
// officer: anyone else is FORBIDDEN). The Verification hooks check the
// record and update the firm's summary in the same transaction.
func GrantVerification(ctx context.Context, c *ent.Client, g Grant, now time.Time) (*ent.Verification, error) {
	v := viewer.FromContext(ctx)
	if !v.Admin() {
		return nil, apperr.Forbidden("only the trade office verifies firms")
	}
	on := now.UTC()
	if g.VerifiedOn != nil {
		on = g.VerifiedOn.UTC()
	}
	exp := on.AddDate(0, domain.VerificationValidity, 0)
	if g.ExpiresAt != nil {
		exp = g.ExpiresAt.UTC()
	}
	if g.Verifier == "" {
		g.Verifier = domain.VerifierTradeOffice
	}
	create := c.Verification.Create().SetScopes(dedupe(g.Scopes)).SetVerifier(g.Verifier).
		SetVerifierName(strings.TrimSpace(g.VerifierName)).SetVerifiedOn(on).SetExpiresAt(exp).
		SetEvidence(strings.TrimSpace(g.Evidence)).SetGrantedBy(v.Email)
	firm, err := c.Noder(ctx, g.FirmID)
	if err != nil {
		return nil, apperr.NotFound("no such producer or buyer")
	}
	switch firm.(type) {
	case *ent.Producer:
		create.SetProducerID(g.FirmID)
	case *ent.Buyer:
		create.SetBuyerID(g.FirmID)
	default:
		return nil, validate.Field("firm_id", errNotAFirm)
	}
	return create.Save(ctx)
}

// Revoke revokes the record id with reason; a revoked record is CONFLICT.
func Revoke(ctx context.Context, c *ent.Client, id int, reason string, now time.Time) (*ent.Verification, error) {
	if !viewer.FromContext(ctx).Admin() {
		return nil, apperr.Forbidden("only the trade office revokes verifications")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, validate.Field("reason", errNoReason)
	}
	rec, err := c.Verification.Get(ctx, id)
	if err != nil {
		return nil, apperr.NotFound("no such verification")
	}
	if rec.RevokedAt != nil {
		return nil, apperr.Conflict("the verification was revoked already")
	}
	return c.Verification.UpdateOne(rec).SetRevokedAt(now.UTC()).SetRevocationReason(reason).Save(ctx)
}

// SetProducerVerified is verifyProducer: true records a trade-office
// verification of the producer's identity and licences (domain.LegacyScopes,
// what the flag always meant) for the default validity; false revokes every
// record that stands and clears a flag set without records.
func SetProducerVerified(ctx context.Context, c *ent.Client, id int, verified bool, now time.Time) (*ent.Producer, error) {
	if !viewer.FromContext(ctx).Admin() {
		return nil, apperr.Forbidden("only the trade office verifies producers")
	}
	if verified {
		if _, err := GrantVerification(ctx, c, Grant{FirmID: id, Scopes: domain.LegacyScopes}, now); err != nil {
			return nil, err
		}
		return c.Producer.Get(ctx, id)
	}
	p, err := c.Producer.Get(ctx, id)
	if err != nil {
		return nil, apperr.NotFound("no such producer")
	}
	standing, err := c.Verification.Query().
		Where(verification.ProducerID(p.ID), verification.RevokedAtIsNil()).Limit(domain.MaxVerifications).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, rec := range standing {
		if _, err := c.Verification.UpdateOne(rec).SetRevokedAt(now.UTC()).
			SetRevocationReason("verification withdrawn").Save(ctx); err != nil {
			return nil, err
		}
	}
	if len(standing) == 0 {
		return c.Producer.UpdateOneID(id).SetVerified(false).Save(ctx)
	}
	return c.Producer.Get(ctx, id)
}

func dedupe(s []domain.VerificationScope) []domain.VerificationScope {
	out := make([]domain.VerificationScope, 0, len(s))
	seen := map[domain.VerificationScope]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

var (
	errNotAFirm = errors.New("not the id of a producer or a buyer")
	errNoReason = errors.New("give the reason of the revocation")
)
