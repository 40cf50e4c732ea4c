// Package moderation holds what the trade office and the firms do about abuse:
// reports of firms, products, buy requests and messages, the trade office's
// review queue and its decisions (warn, hide, suspend, dismiss), and blocks
// between firms. Authorization is in ent privacy (the Report and FirmBlock
// policies, the hidden_at filters of internal/authz/visible, the NotBlocked
// rule of the Inquiry, Message and Quote policies); this package adds the
// rules of the workflow: caps, one open report per reporter and object, what
// each action does and whom it notifies.
package moderation

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/contrib/entgql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/message"
	"github.com/exportiva/exportiva/ent/report"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/notify"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Limits of reports.
const (
	// MaxNote is the most characters of a reporter's or the trade office's note.
	MaxNote = 1000
	// MaxReportsPerDay is how many reports one account may file in 24 hours.
	MaxReportsPerDay = 10
	// ReportWindow is the window of MaxReportsPerDay.
	ReportWindow = 24 * time.Hour
)

// Service files and resolves reports.
type Service struct {
	// Notifier writes the notifications of a decision (REPORT_RESOLVED,
	// WARNING, CONTENT_HIDDEN); none are written when nil.
	Notifier *notify.Notifier
	// Disable disables an account and revokes its tokens (auth.Service.SetDisabled),
	// which closes its websockets after the commit.
	Disable func(ctx context.Context, accountID int, disabled bool) error
}

// Filing is a report as the reporter files it.
type Filing struct {
	SubjectID int
	Reason    domain.ReportReason
	Note      string
}

// subjectOf is what a report is about, as stored.
type subjectOf struct {
	kind       domain.ReportSubject
	name       string
	productID  *int
	requestID  *int
	messageID  *int
	producerID *int
	buyerID    *int
}

// load finds the object with the global id as the viewer sees it (NOT_FOUND
// when it cannot) and names its kind and owning firm.
func load(ctx context.Context, db *ent.Client, id int) (*subjectOf, error) {
	n, err := db.Noder(ctx, id)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "nothing to report with this id", Field: []string{"subjectID"}}
	}
	switch o := n.(type) {
	case *ent.Producer:
		return &subjectOf{kind: domain.ReportProducer, name: o.Name, producerID: &o.ID}, nil
	case *ent.Buyer:
		return &subjectOf{kind: domain.ReportBuyer, name: o.Company, buyerID: &o.ID}, nil
	case *ent.Product:
		return &subjectOf{kind: domain.ReportProduct, name: o.NameEnglish, productID: &o.ID, producerID: &o.ProducerID}, nil
	case *ent.BuyRequest:
		return &subjectOf{kind: domain.ReportBuyRequest, name: o.Title, requestID: &o.ID, buyerID: &o.BuyerID}, nil
	case *ent.Message:
		inq, err := db.Inquiry.Query().Where(inquiry.ID(o.InquiryID)).Only(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		s := &subjectOf{kind: domain.ReportMessage, name: inq.Subject, messageID: &o.ID}
		if o.Sender == domain.PartyProducer {
			s.producerID = &inq.ProducerID
		} else {
			s.buyerID = &inq.BuyerID
		}
		return s, nil
	}
	return nil, apperr.BadInput([]string{"subjectID"}, "only producers, buyers, products, buy requests and messages can be reported")
}

// File records the viewer's report of the object f.SubjectID names. The
// viewer must see the object; its own firm and its own objects cannot be
// reported (BAD_USER_INPUT); a second open report of the same object is
// CONFLICT; more than MaxReportsPerDay in ReportWindow is RATE_LIMITED.
func (s *Service) File(ctx context.Context, db *ent.Client, f Filing, now time.Time) (*ent.Report, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in to report")
	}
	if !domain.ReportReasons.Valid(f.Reason) {
		return nil, apperr.BadInput([]string{"reason"}, "unknown reason")
	}
	note := strings.TrimSpace(f.Note)
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, apperr.BadInput([]string{"note"}, "a note has at most %d characters", MaxNote)
	}
	sub, err := load(ctx, db, f.SubjectID)
	if err != nil {
		return nil, err
	}
	if sub.producerID != nil && v.OfProducer(*sub.producerID) || sub.buyerID != nil && v.OfBuyer(*sub.buyerID) {
		return nil, apperr.BadInput([]string{"subjectID"}, "your own firm and what it posts cannot be reported")
	}
	sys := authz.System(ctx)
	if open, err := db.Report.Query().Where(report.ReporterID(v.AccountID), report.SubjectID(f.SubjectID), report.StatusEQ(domain.ReportOpen)).Exist(sys); err != nil {
		return nil, err
	} else if open {
		return nil, apperr.Conflict("you reported this already; the trade office is looking into it")
	}
	recent, err := db.Report.Query().Where(report.ReporterID(v.AccountID), report.CreatedAtGT(now.Add(-ReportWindow))).
		Order(report.ByCreatedAt()).Limit(MaxReportsPerDay).Select(report.FieldCreatedAt).All(sys)
	if err != nil {
		return nil, err
	}
	if len(recent) >= MaxReportsPerDay {
		wait := recent[0].CreatedAt.Add(ReportWindow).Sub(now)
		return nil, &apperr.Error{Code: apperr.CodeRateLimited, Message: "too many reports from this account today; try again later",
			RetryAfter: max(1, int(wait.Seconds()+0.999))}
	}
	r, err := db.Report.Create().SetReporterID(v.AccountID).SetSubject(sub.kind).SetSubjectID(f.SubjectID).
		SetNillableProductID(sub.productID).SetNillableBuyRequestID(sub.requestID).SetNillableMessageID(sub.messageID).
		SetNillableProducerID(sub.producerID).SetNillableBuyerID(sub.buyerID).
		SetReason(f.Reason).SetNote(note).SetOpenSlot(1).SetCreatedAt(now).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Conflict("you reported this already; the trade office is looking into it")
	}
	return r, err
}

// Queue pages the reports for the trade office, oldest first, optionally of
// one status; anyone else is FORBIDDEN.
func Queue(ctx context.Context, db *ent.Client, status *domain.ReportStatus, first *int, after *entgql.Cursor[int]) (*ent.ReportConnection, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.Unauthenticated("sign in as the trade office to review reports")
	case !v.Admin():
		return nil, apperr.Forbidden("only the trade office reviews reports")
	}
	q := db.Report.Query()
	if status != nil {
		q.Where(report.StatusEQ(*status))
	}
	return q.Paginate(ctx, after, first, nil, nil,
		ent.WithReportOrder(&ent.ReportOrder{Direction: entgql.OrderDirectionAsc, Field: ent.ReportOrderFieldCreatedAt}))
}

// Mine pages the viewer's own reports, newest first.
func Mine(ctx context.Context, db *ent.Client, first *int, after *entgql.Cursor[int]) (*ent.ReportConnection, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in to see your reports")
	}
	return db.Report.Query().Where(report.ReporterID(v.AccountID)).Paginate(ctx, after, first, nil, nil,
		ent.WithReportOrder(&ent.ReportOrder{Direction: entgql.OrderDirectionDesc, Field: ent.ReportOrderFieldCreatedAt}))
}

var errHideFirm = errors.New("a firm cannot be hidden: warn or suspend it")

// Resolve decides an open report as the trade office (anyone else is
// FORBIDDEN; a resolved report is CONFLICT) and with it every other open
// report of the same object, in the transaction of ctx:
//   - WARN writes a WARNING notification (with the note) to the reported firm's accounts;
//   - HIDE sets hidden_at on the product, buy request or message (privacy then
//     hides it from everyone but its owner and the trade office) and tells the
//     owner's accounts (CONTENT_HIDDEN); a firm cannot be hidden (BAD_USER_INPUT);
//   - SUSPEND disables every account of the reported firm: no sign-in, their
//     tokens revoked and, after the commit, their websockets closed;
//   - DISMISS changes nothing.
//
// Every reporter of the object gets REPORT_RESOLVED. Statements: a bounded
// number, plus two per suspended account (a firm has at most auth.MaxTeam).
func (s *Service) Resolve(ctx context.Context, db *ent.Client, id int, action domain.ReportAction, note string, now time.Time) (*ent.Report, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.Unauthenticated("sign in as the trade office to resolve reports")
	case !v.Admin():
		return nil, apperr.Forbidden("only the trade office resolves reports")
	}
	if !domain.ReportActions.Valid(action) {
		return nil, apperr.BadInput([]string{"action"}, "unknown action")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, apperr.BadInput([]string{"note"}, "a note has at most %d characters", MaxNote)
	}
	r, err := db.Report.Get(ctx, id)
	if err != nil {
		return nil, apperr.NotFound("no such report")
	}
	if r.Status != domain.ReportOpen {
		return nil, apperr.Conflict("the report was resolved already")
	}
	sys := authz.System(ctx)
	name := subjectName(ctx, db, r)
	switch action {
	case domain.ActionHide:
		if err := hide(ctx, db, r, now); err != nil {
			return nil, err
		}
		if err := s.tellFirm(ctx, db, r, notify.Event{Kind: domain.NotifyContentHidden, Subject: name, Note: note}); err != nil {
			return nil, err
		}
	case domain.ActionWarn:
		if err := s.tellFirm(ctx, db, r, notify.Event{Kind: domain.NotifyWarned, Subject: name, Note: note}); err != nil {
			return nil, err
		}
	case domain.ActionSuspend:
		if err := s.suspend(ctx, db, r); err != nil {
			return nil, err
		}
	}
	reporters, err := db.Report.Query().Where(report.SubjectID(r.SubjectID), report.StatusEQ(domain.ReportOpen)).
		Select(report.FieldReporterID).Ints(sys)
	if err != nil {
		return nil, err
	}
	if err := db.Report.Update().Where(report.SubjectID(r.SubjectID), report.StatusEQ(domain.ReportOpen)).
		SetStatus(domain.ReportResolved).ClearOpenSlot().SetAction(action).SetResolutionNote(note).SetResolvedAt(now).SetResolvedBy(v.Email).
		Exec(ctx); err != nil {
		return nil, err
	}
	if s.Notifier != nil && len(reporters) > 0 {
		if _, err := s.Notifier.Send(ctx, db, dedupe(reporters), notify.Event{Kind: domain.NotifyReportResolved, Subject: name}); err != nil {
			return nil, err
		}
	}
	return db.Report.Get(ctx, id)
}

// subjectName names what a report is about for notifications, as the trade
// office sees it now.
func subjectName(ctx context.Context, db *ent.Client, r *ent.Report) string {
	if n, err := load(ctx, db, r.SubjectID); err == nil {
		return n.name
	}
	return strings.ToLower(string(r.Subject))
}

func hide(ctx context.Context, db *ent.Client, r *ent.Report, now time.Time) error {
	var err error
	switch {
	case r.ProductID != nil:
		err = db.Product.UpdateOneID(*r.ProductID).SetHiddenAt(now).Exec(ctx)
	case r.BuyRequestID != nil:
		err = db.BuyRequest.UpdateOneID(*r.BuyRequestID).SetHiddenAt(now).Exec(ctx)
	case r.MessageID != nil:
		err = hideMessage(ctx, db, *r.MessageID, now)
	case r.Subject == domain.ReportProducer || r.Subject == domain.ReportBuyer:
		return validate.Field("action", errHideFirm)
	}
	if ent.IsNotFound(err) {
		return nil // gone since: nothing left to hide
	}
	return err
}

// hideMessage hides a message; one its reader had not read yet no longer
// counts in the reader's unread count of the thread (Inquiry.unreadCount).
func hideMessage(ctx context.Context, db *ent.Client, id int, now time.Time) error {
	sys := authz.System(ctx)
	m, err := db.Message.Get(sys, id)
	if err != nil {
		return err
	}
	n, err := db.Message.Update().Where(message.ID(id), message.HiddenAtIsNil()).SetHiddenAt(now).Save(ctx)
	if err != nil || n == 0 || m.ReadAt != nil {
		return err // hidden before, or read already: the count is right
	}
	u := db.Inquiry.Update().Where(inquiry.ID(m.InquiryID))
	if m.Sender == domain.PartyBuyer {
		u.Where(inquiry.ProducerUnreadGT(0)).AddProducerUnread(-1)
	} else {
		u.Where(inquiry.BuyerUnreadGT(0)).AddBuyerUnread(-1)
	}
	return u.Exec(sys)
}

// firmAccounts returns the accounts of the firm a report is against.
func firmAccounts(ctx context.Context, db *ent.Client, r *ent.Report) ([]int, error) {
	q := db.Account.Query()
	switch {
	case r.ProducerID != nil:
		q.Where(account.ProducerID(*r.ProducerID))
	case r.BuyerID != nil:
		q.Where(account.BuyerID(*r.BuyerID))
	default:
		return nil, nil
	}
	return q.Order(account.ByID()).IDs(authz.System(ctx))
}

func (s *Service) tellFirm(ctx context.Context, db *ent.Client, r *ent.Report, e notify.Event) error {
	if s.Notifier == nil {
		return nil
	}
	ids, err := firmAccounts(ctx, db, r)
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = s.Notifier.Send(ctx, db, ids, e)
	return err
}

func (s *Service) suspend(ctx context.Context, db *ent.Client, r *ent.Report) error {
	ids, err := firmAccounts(ctx, db, r)
	if err != nil {
		return err
	}
	if s.Disable == nil {
		return errors.New("moderation: no way to disable accounts")
	}
	for _, id := range ids {
		if err := s.Disable(ctx, id, true); err != nil {
			return err
		}
	}
	return nil
}

func dedupe(ids []int) []int {
	seen := make(map[int]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
