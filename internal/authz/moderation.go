package authz

import (
	"context"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/firmblock"
	"github.com/exportiva/exportiva/ent/inquiry"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/ent/report"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz/visible"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// ProductQuery rule: products are public, except those the trade office hid
// after a report, seen only by their producer's members (visible.ProductFor).
func ProductQuery() privacy.QueryRule {
	return privacy.ProductQueryRuleFunc(func(ctx context.Context, q *ent.ProductQuery) error {
		if p := visible.ProductFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// ReportQuery rule: a reporter reads its own reports (the trade office, allowed
// before, reads all); the reported firm never sees them.
func ReportQuery() privacy.QueryRule {
	return privacy.ReportQueryRuleFunc(func(ctx context.Context, q *ent.ReportQuery) error {
		if p := visible.ReportFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// ReportMutation rule: an account files reports as itself; only the trade
// office (allowed before this rule) changes them.
func ReportMutation() privacy.MutationRule {
	return privacy.ReportMutationRuleFunc(func(ctx context.Context, m *ent.ReportMutation) error {
		v := viewer.FromContext(ctx)
		if m.Op().Is(ent.OpCreate) {
			if r, ok := m.ReporterID(); ok && r == v.AccountID {
				return privacy.Allow
			}
			return apperr.Forbidden("a report is filed as the signed-in account")
		}
		if id, ok := m.ID(); ok {
			if exists, err := m.Client().Report.Query().Where(report.ID(id)).Exist(ctx); err != nil || !exists {
				return apperr.NotFound("no such report")
			}
		}
		return apperr.Forbidden("only the trade office resolves reports")
	})
}

// FirmBlockQuery rule: the blocking firm's members see its blocks
// (visible.FirmBlockFor).
func FirmBlockQuery() privacy.QueryRule {
	return privacy.FirmBlockQueryRuleFunc(func(ctx context.Context, q *ent.FirmBlockQuery) error {
		if p := visible.FirmBlockFor(ctx); p != nil {
			q.Where(p)
		}
		return privacy.Allow
	})
}

// FirmBlockMutation rule: a firm's members block for their own side (a
// producer blocks a buyer, a buyer a producer) and lift their own blocks.
func FirmBlockMutation() privacy.MutationRule {
	return privacy.FirmBlockMutationRuleFunc(func(ctx context.Context, m *ent.FirmBlockMutation) error {
		v := viewer.FromContext(ctx)
		switch {
		case m.Op().Is(ent.OpCreate):
			by, _ := m.By()
			p, _ := m.ProducerID()
			b, _ := m.BuyerID()
			if by == domain.PartyProducer && v.OfProducer(p) || by == domain.PartyBuyer && v.OfBuyer(b) {
				return privacy.Allow
			}
			return apperr.Forbidden("a firm blocks others for itself only")
		case m.Op().Is(ent.OpDeleteOne):
			// The block must be one the viewer sees: its own firm's.
			id, _ := m.ID()
			if ok, err := m.Client().FirmBlock.Query().Where(firmblock.ID(id)).Exist(ctx); err != nil || !ok {
				return apperr.NotFound("no such block")
			}
			return privacy.Allow
		}
		return apperr.Forbidden("blocks are made and lifted by the blocking firm")
	})
}

// Blocked tells whether a block stands between a producer and a buyer, in
// either direction, and whether the viewer's side made it.
func Blocked(ctx context.Context, c *ent.Client, producerID, buyerID int) (blocked, byViewer bool, err error) {
	blocks, err := c.FirmBlock.Query().Where(firmblock.ProducerID(producerID), firmblock.BuyerID(buyerID)).
		Select(firmblock.FieldBy).Strings(System(ctx))
	if err != nil || len(blocks) == 0 {
		return false, false, err
	}
	v := viewer.FromContext(ctx)
	for _, by := range blocks {
		if by == string(domain.PartyProducer) && v.OfProducer(producerID) || by == string(domain.PartyBuyer) && v.OfBuyer(buyerID) {
			return true, true, nil
		}
	}
	return true, false, nil
}

// ErrBlocked is the answer to a contact a block forbids. It says whether the
// viewer's own firm blocked; otherwise it names no one.
func ErrBlocked(byViewer bool) error {
	if byViewer {
		return apperr.Forbidden("your firm blocked this firm: unblock it (unblockFirm) to contact it again")
	}
	return apperr.Forbidden("this firm cannot be contacted")
}

// NotBlocked refuses new inquiries, messages and quotes between a producer
// and a buyer while a block stands between them (either direction), and the
// acceptance of a quote between them. Declining and withdrawing stay open.
// It runs after the trade office is allowed: the office is not held by blocks.
func NotBlocked() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		var producerID, buyerID int
		switch m := m.(type) {
		case *ent.InquiryMutation:
			if !m.Op().Is(ent.OpCreate) {
				return privacy.Skip
			}
			var okP, okB bool
			producerID, okP = m.ProducerID()
			buyerID, okB = m.BuyerID()
			if !okP || !okB {
				return privacy.Skip
			}
		case *ent.MessageMutation:
			id, ok := m.InquiryID()
			if !ok || !m.Op().Is(ent.OpCreate) {
				return privacy.Skip
			}
			var err error
			if producerID, buyerID, err = partiesOf(ctx, m.Client(), id); err != nil {
				return privacy.Skip // the type's own rule answers NOT_FOUND
			}
		case *ent.QuoteMutation:
			var id int
			switch {
			case m.Op().Is(ent.OpCreate):
				id, _ = m.InquiryID()
			case m.Op().Is(ent.OpUpdateOne):
				if status, ok := m.Status(); !ok || status != domain.QuoteAccepted {
					return privacy.Skip
				}
				var err error
				if id, err = m.OldInquiryID(ctx); err != nil {
					return privacy.Skip
				}
			default:
				return privacy.Skip
			}
			var err error
			if producerID, buyerID, err = partiesOf(ctx, m.Client(), id); err != nil {
				return privacy.Skip
			}
		default:
			return privacy.Skip
		}
		if v := viewer.FromContext(ctx); !v.OfProducer(producerID) && !v.OfBuyer(buyerID) {
			return privacy.Skip // not a party: the type's own rule refuses
		}
		blocked, byViewer, err := Blocked(ctx, mutationClient(m), producerID, buyerID)
		if err != nil {
			return err
		}
		if blocked {
			return ErrBlocked(byViewer)
		}
		return privacy.Skip
	})
}

func partiesOf(ctx context.Context, c *ent.Client, inquiryID int) (producerID, buyerID int, err error) {
	inq, err := c.Inquiry.Query().Where(inquiry.ID(inquiryID)).Select(inquiry.FieldProducerID, inquiry.FieldBuyerID).Only(System(ctx))
	if err != nil {
		return 0, 0, err
	}
	return inq.ProducerID, inq.BuyerID, nil
}

func mutationClient(m ent.Mutation) *ent.Client {
	if c, ok := m.(interface{ Client() *ent.Client }); ok {
		return c.Client()
	}
	return nil
}
