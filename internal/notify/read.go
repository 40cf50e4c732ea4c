package notify

import (
	"time"

	"context"

	"entgo.io/contrib/entgql"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/notification"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxMarkIDs is the most notification ids one markNotificationsRead takes.
const MaxMarkIDs = 100

// newestFirst orders notifications newest first (ties by id).
var newestFirst = gen.WithNotificationOrder(&gen.NotificationOrder{Direction: entgql.OrderDirectionDesc, Field: gen.NotificationOrderFieldCreatedAt})

// List pages the viewer's notifications, newest first; privacy keeps it to the
// viewer's own.
func List(ctx context.Context, db *gen.Client, first *int, after *entgql.Cursor[int], unreadOnly bool) (*gen.NotificationConnection, error) {
	owner, err := authz.NotificationsOwner(ctx)
	if err != nil {
		return nil, err
	}
	q := db.Notification.Query().Where(notification.AccountID(owner))
	if unreadOnly {
		q.Where(notification.ReadAtIsNil())
	}
	return q.Paginate(ctx, after, first, nil, nil, newestFirst)
}

// Unread counts an account's unread notifications; for an account other than
// the viewer's it is 0 without a query (notifications are their recipient's
// alone, and a list of accounts costs no query per account).
func Unread(ctx context.Context, db *gen.Client, accountID int) (int, error) {
	if v := viewer.FromContext(ctx); v == nil || v.AccountID != accountID {
		return 0, nil
	}
	return db.Notification.Query().Where(notification.AccountID(accountID), notification.ReadAtIsNil()).Count(ctx)
}

// MarkRead marks the viewer's notifications read (those of ids, or all) and
// returns how many it marked and how many are left unread.
func MarkRead(ctx context.Context, db *gen.Client, ids []int, all bool, now time.Time) (marked, left int, err error) {
	owner, err := authz.NotificationsOwner(ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(ids) > MaxMarkIDs {
		return 0, 0, apperr.BadInput([]string{"ids"}, "at most %d ids at once (or all: true)", MaxMarkIDs)
	}
	if c := gen.FromContext(ctx); c != nil {
		db = c
	}
	if all || len(ids) > 0 {
		u := db.Notification.Update().Where(notification.AccountID(owner), notification.ReadAtIsNil())
		if !all {
			u.Where(notification.IDIn(ids...))
		}
		if marked, err = u.SetReadAt(now).Save(authz.System(ctx)); err != nil {
			return 0, 0, err
		}
	}
	left, err = db.Notification.Query().Where(notification.AccountID(owner), notification.ReadAtIsNil()).Count(authz.System(ctx))
	return marked, left, err
}

// MarkInquiryRead marks a thread read for the viewer's side: the other side's
// messages get read_at, the side's unread counter drops to 0, and the viewer's
// notifications of the inquiry are marked read.
func MarkInquiryRead(ctx context.Context, db *gen.Client, inquiryID int, now time.Time) (*gen.Inquiry, error) {
	if c := gen.FromContext(ctx); c != nil {
		db = c
	}
	inq, err := db.Inquiry.Get(ctx, inquiryID)
	if gen.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such inquiry", Field: []string{"inquiryId"}}
	}
	if err != nil {
		return nil, err
	}
	side, err := authz.ReaderSide(ctx, inq)
	if err != nil {
		return nil, err
	}
	sys, t := authz.System(ctx), now
	if err := db.Message.Update().Where(message.InquiryID(inq.ID), message.SenderNEQ(side), message.ReadAtIsNil()).
		SetReadAt(t).Exec(sys); err != nil {
		return nil, err
	}
	u := db.Inquiry.UpdateOneID(inq.ID)
	if side == domain.PartyBuyer {
		u.SetBuyerUnread(0)
	} else {
		u.SetProducerUnread(0)
	}
	if err := u.Exec(sys); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if err := db.Notification.Update().Where(notification.AccountID(v.AccountID), notification.InquiryID(inq.ID), notification.ReadAtIsNil()).
		SetReadAt(t).Exec(sys); err != nil {
		return nil, err
	}
	return db.Inquiry.Get(ctx, inq.ID)
}

// UnreadOf is an inquiry's unread messages for the viewer's side (0 for
// neither side); it reads the inquiry's counters, no query.
func UnreadOf(ctx context.Context, inq *gen.Inquiry) int {
	switch side, _ := authz.SideOf(viewer.FromContext(ctx), inq); side {
	case domain.PartyBuyer:
		return inq.BuyerUnread
	case domain.PartyProducer:
		return inq.ProducerUnread
	}
	return 0
}

// Preference is one kind's e-mail delivery.
type Preference struct {
	Kind  domain.NotificationKind
	Email domain.EmailDelivery
}

// Preferences lists the account's delivery of every kind.
func Preferences(acc *gen.Account) []*Preference {
	out := make([]*Preference, 0, len(domain.NotificationKinds.Values))
	for _, d := range domain.NotificationKinds.Values {
		k := domain.NotificationKind(d.Value)
		out = append(out, &Preference{Kind: k, Email: Delivery(acc, k)})
	}
	return out
}

// UpdateSettings changes the viewer's e-mail language and deliveries.
func UpdateSettings(ctx context.Context, db *gen.Client, lang *i18n.Lang, prefs []*Preference) (*gen.Account, error) {
	owner, err := authz.NotificationsOwner(ctx)
	if err != nil {
		return nil, err
	}
	if len(prefs) > len(domain.NotificationKinds.Values) {
		return nil, apperr.BadInput([]string{"preferences"}, "at most one entry per kind (%d)", len(domain.NotificationKinds.Values))
	}
	if c := gen.FromContext(ctx); c != nil {
		db = c
	}
	sys := authz.System(ctx)
	acc, err := db.Account.Query().Where(account.ID(owner)).Only(sys)
	if err != nil {
		return nil, err
	}
	u := db.Account.UpdateOne(acc)
	if lang != nil {
		u.SetLanguage(string(*lang))
	}
	if len(prefs) > 0 {
		m := map[string]string{}
		for k, v := range acc.EmailPreferences {
			m[k] = v
		}
		for _, p := range prefs {
			m[string(p.Kind)] = string(p.Email)
		}
		u.SetEmailPreferences(m)
	}
	if _, err := u.Save(sys); err != nil {
		return nil, err
	}
	return db.Account.Get(ctx, owner)
}

// sincePage is the most notifications one live event sends.
const sincePage = 50

// Newest is the id of the account's newest notification (0 for none).
func Newest(ctx context.Context, db *gen.Client, accountID int) (int, error) {
	n, err := db.Notification.Query().Where(notification.AccountID(accountID)).Order(gen.Desc(notification.FieldID)).First(ctx)
	if gen.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return n.ID, nil
}

// Since returns the account's notifications after an id, oldest first (at
// most sincePage), through privacy.
func Since(ctx context.Context, db *gen.Client, accountID, after int) ([]*gen.Notification, error) {
	return db.Notification.Query().Where(notification.AccountID(accountID), notification.IDGT(after)).
		Order(gen.Asc(notification.FieldID)).Limit(sincePage).All(ctx)
}
