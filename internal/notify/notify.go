// Package notify writes the in-app notifications of accounts and their e-mails:
// a new lead, an inquiry, message or quote received, a quote accepted or
// declined. Notifications are written in the transaction of the change that
// causes them (ent hooks registered by Watch), e-mails are queued in the same
// transaction through the outbox, and leads — a buy request may concern
// thousands of producers — are fanned out by the outbox worker, in one
// transaction per buy request with a bounded number of statements per 500
// recipients. Fair meetings notify the other party (meeting.go). Each
// recipient's choice per kind applies: an e-mail at once, a
// line in the daily digest, or none.
package notify

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/outbox"
)

// Notifier writes notifications.
type Notifier struct {
	// AppURL is the web app's base address (links in e-mails).
	AppURL string
	// Bus hears of accounts with new notifications (NotificationAdded), after
	// commit.
	Bus events.Bus
	Log *slog.Logger
	Now func() time.Time
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) log() *slog.Logger {
	if n.Log != nil {
		return n.Log
	}
	return slog.Default()
}

// Event is what happened, for whom it is written.
type Event struct {
	Kind         domain.NotificationKind
	Subject      string
	Actor        string
	InquiryID    *int
	BuyRequestID *int
	// MeetingID is the fair meeting it is about (MEETING_* kinds).
	MeetingID *int
	// Note is a word from the trade office to the recipient (a warning's
	// reason); empty for most kinds.
	Note string
	// Localized, when set, writes the subject in each recipient's language
	// (LangOf) instead of Subject.
	Localized func(i18n.Lang) string
}

// subjectFor is the event's subject for acc.
func (e Event) subjectFor(acc *ent.Account) string {
	if e.Localized != nil {
		return e.Localized(LangOf(acc))
	}
	return e.Subject
}

// chunk is how many recipients one statement handles (IN lists and bulk
// inserts stay under every backend's variable limit).
const chunk = 500

// Delivery is the account's choice for a kind (its default when unset).
func Delivery(acc *ent.Account, k domain.NotificationKind) domain.EmailDelivery {
	if d, ok := acc.EmailPreferences[string(k)]; ok && domain.EmailDeliveries.Valid(domain.EmailDelivery(d)) {
		return domain.EmailDelivery(d)
	}
	return domain.DefaultDelivery(k)
}

// LangOf is the language of an account's e-mails.
func LangOf(acc *ent.Account) i18n.Lang {
	if acc.Language == string(i18n.Indonesian) {
		return i18n.Indonesian
	}
	return i18n.English
}

// Link is the web app's page of what a notification is about.
func (n *Notifier) Link(e Event) string {
	base := strings.TrimRight(n.AppURL, "/")
	switch {
	case e.InquiryID != nil:
		return base + "/inquiries/" + strconv.Itoa(*e.InquiryID)
	case e.BuyRequestID != nil:
		return base + "/buy-requests/" + strconv.Itoa(*e.BuyRequestID)
	case e.MeetingID != nil:
		return base + "/meetings/" + strconv.Itoa(*e.MeetingID)
	}
	return base + "/notifications"
}

func (n *Notifier) prefsLink() string {
	return strings.TrimRight(n.AppURL, "/") + "/settings/notifications"
}

// Send writes the event's notification for each account (disabled accounts
// skipped) in the transaction of ctx, queues the e-mails of those who want it
// at once (verified addresses only), marks the others' for the digest, and
// announces the accounts after commit. It returns how many were written.
// It also queues the webhook deliveries of the recipients' endpoints and
// their firms' (queueWebhooks), in the same transaction.
// Statements: 4 per 500 recipients (accounts, notifications, outbox, webhook
// endpoints), and one more when an endpoint takes the event.
func (n *Notifier) Send(ctx context.Context, db *ent.Client, accountIDs []int, e Event) (int, error) {
	if c := ent.FromContext(ctx); c != nil {
		db = c
	}
	sys := authz.System(ctx)
	written := 0
	var announced []int
	hooked := map[int]bool{}
	for start := 0; start < len(accountIDs); start += chunk {
		ids := accountIDs[start:min(len(accountIDs), start+chunk)]
		accs, err := db.Account.Query().Where(account.IDIn(ids...), account.Disabled(false)).All(sys)
		if err != nil {
			return written, err
		}
		creates := make([]*ent.NotificationCreate, 0, len(accs))
		var mails []any
		for _, acc := range accs {
			d := Delivery(acc, e.Kind)
			subject := e.subjectFor(acc)
			c := db.Notification.Create().SetAccountID(acc.ID).SetKind(e.Kind).SetSubject(cut(subject, 300)).
				SetActor(cut(e.Actor, 200)).SetNillableInquiryID(e.InquiryID).SetNillableBuyRequestID(e.BuyRequestID).
				SetNillableMeetingID(e.MeetingID).
				SetNillableNote(noteOf(e.Note)).SetCreatedAt(n.now()).SetDigest(d == domain.DeliverDaily && acc.EmailVerified)
			creates = append(creates, c)
			if d == domain.DeliverImmediately && acc.EmailVerified {
				m, err := mail.Render("notification", LangOf(acc), acc.Email, map[string]any{
					"Name": acc.DisplayName, "Kind": string(e.Kind), "Subject": subject, "Actor": e.Actor,
					"Link": n.Link(e), "PrefsLink": n.prefsLink(), "Note": e.Note})
				if err != nil {
					return written, err
				}
				mails = append(mails, m)
			}
			announced = append(announced, acc.ID)
		}
		if len(creates) > 0 {
			if err := db.Notification.CreateBulk(creates...).Exec(sys); err != nil {
				return written, err
			}
		}
		if err := outbox.AddMany(ctx, db, outbox.KindEmail, mails); err != nil {
			return written, err
		}
		if err := n.queueWebhooks(ctx, db, accs, e, hooked); err != nil {
			return written, err
		}
		written += len(creates)
	}
	if n.Bus != nil && len(announced) > 0 {
		events.AfterCommit(ctx, func() {
			for _, id := range announced {
				if err := n.Bus.Publish(context.WithoutCancel(ctx), events.Event{Topic: events.NotificationAdded, ID: id}); err != nil {
					n.log().WarnContext(ctx, "announcing a notification", "account_id", id, "err", err.Error())
					return
				}
			}
		})
	}
	return written, nil
}

// noteOf is the stored form of an event's note: none when empty.
func noteOf(s string) *string {
	if s == "" {
		return nil
	}
	c := cut(s, 1000)
	return &c
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// MembersOf returns the accounts acting for the producers and the buyer given
// (not disabled): the recipients on one side of a negotiation.
func MembersOf(ctx context.Context, db *ent.Client, producerIDs []int, buyerID *int) ([]int, error) {
	sys := authz.System(ctx)
	var out []int
	for start := 0; start < len(producerIDs); start += chunk {
		ids, err := db.Account.Query().Where(account.ProducerIDIn(producerIDs[start:min(len(producerIDs), start+chunk)]...), account.Disabled(false)).
			Order(account.ByID()).IDs(sys)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	if buyerID != nil {
		ids, err := db.Account.Query().Where(account.BuyerID(*buyerID), account.Disabled(false)).Order(account.ByID()).IDs(sys)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// watched keeps Watch from registering its hooks twice on one client.
var watched sync.Map
