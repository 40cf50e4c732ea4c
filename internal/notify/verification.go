package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// VerificationEvent is the notification of a change to one of a firm's
// verification records: its scopes in the recipient's language and the date
// it holds until, and the reason for a revocation.
func VerificationEvent(kind domain.NotificationKind, rec *gen.Verification) Event {
	scopes := rec.Scopes
	until := rec.ExpiresAt
	reason := rec.RevocationReason
	localized := func(l i18n.Lang) string {
		names := make([]string, len(scopes))
		for i, sc := range scopes {
			row := domain.VerificationScopes.Row(sc)
			names[i] = row.English
			if l == i18n.Indonesian {
				names[i] = row.Indonesian
			}
		}
		s := strings.Join(names, ", ")
		switch kind {
		case domain.NotifyVerificationRevoked:
			return s + " — " + reason
		case domain.NotifyVerificationExpired:
			return fmt.Sprintf("%s (%s %s)", s, i18n.T(l, "until"), until.Format(time.DateOnly))
		}
		return fmt.Sprintf("%s — %s %s", s, i18n.T(l, "until"), until.Format(time.DateOnly))
	}
	actor := rec.VerifierName
	if actor == "" {
		actor = domain.Verifiers.Row(rec.Verifier).English
	}
	return Event{Kind: kind, Subject: localized(i18n.English), Localized: localized, Actor: actor}
}

// SendVerification notifies the members of the record's firm (SendVerification
// is what the hooks and trust.Sweep share).
func (n *Notifier) SendVerification(ctx context.Context, db *gen.Client, kind domain.NotificationKind, rec *gen.Verification) error {
	var producers []int
	if rec.ProducerID != nil {
		producers = []int{*rec.ProducerID}
	}
	recipients, err := MembersOf(ctx, db, producers, rec.BuyerID)
	if err != nil || len(recipients) == 0 {
		return err
	}
	_, err = n.Send(ctx, db, recipients, VerificationEvent(kind, rec))
	return err
}

// verificationHook tells the firm when the trade office grants it a
// verification or revokes one (the expiry notices come from trust.Sweep).
func (n *Notifier) verificationHook(next ent.Mutator) ent.Mutator {
	return hook.VerificationFunc(func(ctx context.Context, m *gen.VerificationMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil || !acting(ctx) {
			return v, err
		}
		rec, ok := v.(*gen.Verification)
		if !ok {
			return v, fmt.Errorf("verification hook: unexpected value %T", v)
		}
		kind := domain.NotifyVerificationGranted
		if !m.Op().Is(ent.OpCreate) {
			if _, revoked := m.RevokedAt(); !revoked {
				return v, nil
			}
			kind = domain.NotifyVerificationRevoked
		}
		return v, n.SendVerification(ctx, m.Client(), kind, rec)
	})
}
