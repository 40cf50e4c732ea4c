package trust

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyer"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/verification"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/notify"
)

// sweepBatch bounds what one pass of Sweep loads of each kind (the next pass
// takes the rest).
const sweepBatch = 200

// Swept is what one Sweep did.
type Swept struct {
	// Expired counts the firms whose stored verified flag it cleared.
	Expired int
	// Expiring counts the expiry notices it sent (one per firm and expiry date).
	Expiring int
}

// Sweep keeps the stored verification summaries true as time passes, and tells
// firms about it:
//
//   - A producer or buyer whose verification ran out (verified_until past, or
//     a flag without records older than domain.VerificationValidity) gets its
//     stored verified flag cleared — the flag that catalog filters, the
//     VERIFIED sort and the facets read — and a VERIFICATION_EXPIRED
//     notification. Readers that judge a single firm (Producer.verified,
//     matching) compare the expiry with their clock already
//     (domain.VerifiedNow); the sweep brings the indexed column in line.
//   - A standing record that runs out within domain.VerificationNotice, and
//     that no other record of the firm outlasts, is claimed (expiry_notice_at)
//     and its firm gets one VERIFICATION_EXPIRING notification.
//
// Each firm and record is changed by a conditional write in its own
// transaction with its notification, so replicas may sweep at the same time
// and each notice is sent once. Run it under authz.System; n may be nil (no
// notifications).
func Sweep(ctx context.Context, db *ent.Client, n *notify.Notifier, now time.Time) (Swept, error) {
	var s Swept
	now = now.UTC()
	lapsedLegacy := now.AddDate(0, -domain.VerificationValidity, 0)
	producers, err := db.Producer.Query().Where(producer.Verified(true), producer.Or(
		producer.VerifiedUntilLTE(now),
		producer.And(producer.VerifiedUntilIsNil(), producer.VerifiedAtLTE(lapsedLegacy)))).
		Order(producer.ByID()).Limit(sweepBatch).All(ctx)
	if err != nil {
		return s, err
	}
	for _, p := range producers {
		done, err := expireProducer(ctx, db, n, p, now, lapsedLegacy)
		if err != nil {
			return s, err
		}
		if done {
			s.Expired++
		}
	}
	buyers, err := db.Buyer.Query().Where(buyer.Verified(true), buyer.VerifiedUntilLTE(now)).
		Order(buyer.ByID()).Limit(sweepBatch).All(ctx)
	if err != nil {
		return s, err
	}
	for _, b := range buyers {
		done, err := expireBuyer(ctx, db, n, b, now)
		if err != nil {
			return s, err
		}
		if done {
			s.Expired++
		}
	}
	soon, err := db.Verification.Query().Where(verification.RevokedAtIsNil(), verification.ExpiryNoticeAtIsNil(),
		verification.ExpiresAtGT(now), verification.ExpiresAtLTE(now.Add(domain.VerificationNotice))).
		WithProducer().WithBuyer().Order(verification.ByID()).Limit(sweepBatch).All(ctx)
	if err != nil {
		return s, err
	}
	for _, rec := range soon {
		sent, err := noticeExpiring(ctx, db, n, rec, now)
		if err != nil {
			return s, err
		}
		if sent {
			s.Expiring++
		}
	}
	return s, nil
}

// expireProducer clears p's flag if it is still set and lapsed (another
// replica may have done it), and notifies its members, in one transaction.
func expireProducer(ctx context.Context, db *ent.Client, n *notify.Notifier, p *ent.Producer, now, lapsedLegacy time.Time) (bool, error) {
	return inTx(ctx, db, func(ctx context.Context, tx *ent.Client) (bool, error) {
		k, err := tx.Producer.Update().Where(producer.ID(p.ID), producer.Verified(true), producer.Or(
			producer.VerifiedUntilLTE(now),
			producer.And(producer.VerifiedUntilIsNil(), producer.VerifiedAtLTE(lapsedLegacy)))).
			SetVerified(false).Save(ctx)
		if err != nil || k == 0 || n == nil {
			return k > 0, err
		}
		until := lapsedLegacy
		if p.VerifiedUntil != nil {
			until = *p.VerifiedUntil
		} else if p.VerifiedAt != nil {
			until = p.VerifiedAt.AddDate(0, domain.VerificationValidity, 0)
		}
		rec := &ent.Verification{ProducerID: &p.ID, Scopes: scopesOf(p.VerifiedScopes), ExpiresAt: until}
		return true, n.SendVerification(ctx, tx, domain.NotifyVerificationExpired, rec)
	})
}

// expireBuyer is expireProducer for buyers (a buyer's flag always has records).
func expireBuyer(ctx context.Context, db *ent.Client, n *notify.Notifier, b *ent.Buyer, now time.Time) (bool, error) {
	return inTx(ctx, db, func(ctx context.Context, tx *ent.Client) (bool, error) {
		k, err := tx.Buyer.Update().Where(buyer.ID(b.ID), buyer.Verified(true), buyer.VerifiedUntilLTE(now)).
			SetVerified(false).Save(ctx)
		if err != nil || k == 0 || n == nil {
			return k > 0, err
		}
		rec := &ent.Verification{BuyerID: &b.ID, Scopes: scopesOf(b.VerifiedScopes), ExpiresAt: *b.VerifiedUntil}
		return true, n.SendVerification(ctx, tx, domain.NotifyVerificationExpired, rec)
	})
}

// noticeExpiring claims rec's expiry notice and sends it, unless a later
// record of the firm outlasts rec (then the claim is silent: that record's
// own expiry will be noticed).
func noticeExpiring(ctx context.Context, db *ent.Client, n *notify.Notifier, rec *ent.Verification, now time.Time) (bool, error) {
	var until *time.Time
	switch {
	case rec.Edges.Producer != nil:
		until = rec.Edges.Producer.VerifiedUntil
	case rec.Edges.Buyer != nil:
		until = rec.Edges.Buyer.VerifiedUntil
	}
	outlasted := until != nil && until.After(rec.ExpiresAt)
	return inTx(ctx, db, func(ctx context.Context, tx *ent.Client) (bool, error) {
		claimed, err := tx.Verification.UpdateOneID(rec.ID).Where(verification.ExpiryNoticeAtIsNil()).
			SetExpiryNoticeAt(now).Save(ctx)
		if ent.IsNotFound(err) {
			return false, nil // another replica claimed it
		}
		if err != nil || outlasted || n == nil {
			return false, err
		}
		return true, n.SendVerification(ctx, tx, domain.NotifyVerificationExpiring, claimed)
	})
}

func scopesOf(s []domain.ScopeUntil) []domain.VerificationScope {
	if len(s) == 0 {
		return domain.LegacyScopes
	}
	out := make([]domain.VerificationScope, len(s))
	for i, x := range s {
		out[i] = x.Scope
	}
	return out
}

// inTx runs fn in a transaction of db (in its context too, so that
// announcements wait for the commit) and commits when it returns no error.
func inTx(ctx context.Context, db *ent.Client, fn func(context.Context, *ent.Client) (bool, error)) (bool, error) {
	tx, err := db.Tx(ctx)
	if err != nil {
		return false, err
	}
	ok, err := fn(ent.NewTxContext(ctx, tx), tx.Client())
	if err != nil {
		return false, errors.Join(err, tx.Rollback())
	}
	return ok, tx.Commit()
}

// RunSweep runs Sweep at once and then every interval until ctx ends (every
// replica runs it), calling changed after a pass that cleared a flag (to tell
// the other replicas' caches). Failures are logged and retried at the next
// tick.
func RunSweep(ctx context.Context, db *ent.Client, n *notify.Notifier, every time.Duration, now func() time.Time, changed func(), log *slog.Logger) {
	if every <= 0 {
		panic(fmt.Sprintf("trust: sweep interval %v", every))
	}
	ctx = authz.System(ctx)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		s, err := Sweep(ctx, db, n, now())
		if s.Expired > 0 {
			changed()
		}
		if err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "verification sweep", "err", err.Error())
		} else if s != (Swept{}) {
			log.InfoContext(ctx, "verification sweep", "expired", s.Expired, "expiring", s.Expiring)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
