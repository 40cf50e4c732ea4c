package notify

import (
	"context"
	"time"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/outbox"
)

// DigestItems is the most notifications one digest lists (the rest are
// counted, with a link to the list).
const DigestItems = 30

// digestBatch is how many accounts one pass of the digest job considers.
const digestBatch = 200

// DueAt is the time of the day's digest: hour o'clock UTC of now's day (hour 1
// is 08:00 in Lamongan, WIB).
func DueAt(now time.Time, hour int) time.Time {
	d := now.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC)
}

// SendDigests queues, once the day's digest time has passed, one e-mail per
// account with notifications waiting for its digest, in the account's
// language, and clears them. Each account is done in a transaction of its
// own, claimed by a conditional update of its digest time, so two replicas
// never send one account's digest twice. It returns how many it queued.
func (n *Notifier) SendDigests(ctx context.Context, db *gen.Client, hour int) (int, error) {
	now := n.now()
	due := DueAt(now, hour)
	if now.Before(due) {
		return 0, nil
	}
	sys := authz.System(ctx)
	sent := 0
	for {
		var ids []int
		err := db.Notification.Query().Where(notification.Digest(true),
			notification.HasAccountWith(account.Or(account.DigestSentAtIsNil(), account.DigestSentAtLT(due)))).
			Limit(digestBatch).GroupBy(notification.FieldAccountID).Scan(sys, &ids)
		if err != nil || len(ids) == 0 {
			return sent, err
		}
		for _, id := range ids {
			ok, err := n.digestOne(ctx, db, id, due)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(ids) < digestBatch {
			return sent, nil
		}
	}
}

type digestItem struct {
	Kind, Subject, Actor, Link string
}

func (n *Notifier) digestOne(ctx context.Context, db *gen.Client, accountID int, due time.Time) (bool, error) {
	sys := authz.System(ctx)
	tx, err := db.Tx(sys)
	if err != nil {
		return false, err
	}
	tctx := gen.NewTxContext(gen.NewContext(ctx, tx.Client()), tx)
	c := tx.Client()
	fail := func(err error) (bool, error) { _ = tx.Rollback(); return false, err }
	claimed, err := c.Account.Update().Where(account.ID(accountID), account.Or(account.DigestSentAtIsNil(), account.DigestSentAtLT(due))).
		SetDigestSentAt(n.now()).Save(sys)
	if err != nil {
		return fail(err)
	}
	if claimed == 0 {
		return false, tx.Rollback() // another replica took it
	}
	acc, err := c.Account.Get(sys, accountID)
	if err != nil {
		return fail(err)
	}
	waiting := c.Notification.Query().Where(notification.AccountID(accountID), notification.Digest(true))
	total, err := waiting.Clone().Count(sys)
	if err != nil {
		return fail(err)
	}
	list, err := waiting.Clone().Order(gen.Desc(notification.FieldID)).Limit(DigestItems).All(sys)
	if err != nil {
		return fail(err)
	}
	items := make([]digestItem, len(list))
	leads := 0
	for i, x := range list {
		items[i] = digestItem{Kind: string(x.Kind), Subject: x.Subject, Actor: x.Actor,
			Link: n.Link(Event{InquiryID: x.InquiryID, BuyRequestID: x.BuyRequestID})}
		if x.Kind == domain.NotifyNewLead {
			leads++
		}
	}
	if err := c.Notification.Update().Where(notification.AccountID(accountID), notification.Digest(true)).SetDigest(false).Exec(sys); err != nil {
		return fail(err)
	}
	if total > 0 && !acc.Disabled && acc.EmailVerified {
		m, err := mail.Render("digest", LangOf(acc), acc.Email, map[string]any{
			"Name": acc.DisplayName, "Items": items, "Leads": leads, "More": total - len(items),
			"AllLink": n.Link(Event{}), "PrefsLink": n.prefsLink()})
		if err != nil {
			return fail(err)
		}
		if err := outbox.Email(tctx, c, m); err != nil {
			return fail(err)
		}
	}
	return true, tx.Commit()
}

// RunDigests sends the digests every interval until ctx ends.
func (n *Notifier) RunDigests(ctx context.Context, db *gen.Client, hour int, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if k, err := n.SendDigests(ctx, db, hour); err != nil && ctx.Err() == nil {
			n.log().WarnContext(ctx, "daily digests", "err", err.Error())
		} else if k > 0 {
			n.log().InfoContext(ctx, "daily digests queued", "count", k)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
