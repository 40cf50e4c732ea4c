package moderation

import (
	"context"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/firmblock"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxBlocks is the most firms one firm may block; blockedFirms lists at most
// as many.
const MaxBlocks = 500

// pair is the producer and buyer of a block the viewer's firm makes of the
// firm with the global id, with the viewer's side.
func pair(ctx context.Context, db *ent.Client, v *viewer.Viewer, id int) (producerID, buyerID int, by domain.Party, err error) {
	switch {
	case v == nil:
		return 0, 0, "", apperr.Unauthenticated("sign in to block firms")
	case v.ProducerID == nil && v.BuyerID == nil:
		return 0, 0, "", apperr.Forbidden("the account acts for no firm")
	}
	n, err := db.Noder(ctx, id)
	if err != nil {
		return 0, 0, "", &apperr.Error{Code: apperr.CodeNotFound, Message: "no such firm", Field: []string{"id"}}
	}
	switch f := n.(type) {
	case *ent.Buyer:
		if v.ProducerID != nil {
			return *v.ProducerID, f.ID, domain.PartyProducer, nil
		}
	case *ent.Producer:
		if v.BuyerID != nil {
			return f.ID, *v.BuyerID, domain.PartyBuyer, nil
		}
	default:
		return 0, 0, "", apperr.BadInput([]string{"id"}, "only producers and buyers can be blocked")
	}
	return 0, 0, "", apperr.BadInput([]string{"id"}, "a producer blocks buyers and a buyer blocks producers: there is nothing between two firms of one side")
}

// Block makes the viewer's firm block the firm with the global id (a buyer
// for a producer's account, a producer for a buyer's). Blocking again returns
// the block that stands; past MaxBlocks is BAD_USER_INPUT.
func Block(ctx context.Context, db *ent.Client, id int) (*ent.FirmBlock, error) {
	v := viewer.FromContext(ctx)
	p, b, by, err := pair(ctx, db, v, id)
	if err != nil {
		return nil, err
	}
	existing, err := db.FirmBlock.Query().Where(firmblock.ProducerID(p), firmblock.BuyerID(b), firmblock.ByEQ(by)).Only(ctx)
	if err == nil {
		return existing, nil
	}
	if !ent.IsNotFound(err) {
		return nil, err
	}
	own := firmblock.And(firmblock.ByEQ(by), firmblock.ProducerID(p))
	if by == domain.PartyBuyer {
		own = firmblock.And(firmblock.ByEQ(by), firmblock.BuyerID(b))
	}
	if n, err := db.FirmBlock.Query().Where(own).Count(authz.System(ctx)); err != nil {
		return nil, err
	} else if n >= MaxBlocks {
		return nil, apperr.BadInput([]string{"id"}, "a firm blocks at most %d firms: unblock some first", MaxBlocks)
	}
	fb, err := db.FirmBlock.Create().SetProducerID(p).SetBuyerID(b).SetBy(by).SetCreatedBy(v.AccountID).Save(ctx)
	if ent.IsConstraintError(err) { // blocked at the same moment by a colleague
		return db.FirmBlock.Query().Where(firmblock.ProducerID(p), firmblock.BuyerID(b), firmblock.ByEQ(by)).Only(ctx)
	}
	return fb, err
}

// Unblock lifts the viewer's firm's block of the firm with the global id and
// reports whether there was one. A block the other side made stays.
func Unblock(ctx context.Context, db *ent.Client, id int) (bool, error) {
	v := viewer.FromContext(ctx)
	p, b, by, err := pair(ctx, db, v, id)
	if err != nil {
		return false, err
	}
	ids, err := db.FirmBlock.Query().Where(firmblock.ProducerID(p), firmblock.BuyerID(b), firmblock.ByEQ(by)).IDs(ctx)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	if err := db.FirmBlock.DeleteOneID(ids[0]).Exec(ctx); err != nil {
		return false, err
	}
	return true, nil
}

// Blocked lists the viewer's firm's blocks, newest first (at most MaxBlocks),
// with the edges the operation selects.
func Blocked(ctx context.Context, db *ent.Client) ([]*ent.FirmBlock, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.Unauthenticated("sign in to see the firms you blocked")
	case v.ProducerID == nil && v.BuyerID == nil && !v.Admin():
		return nil, apperr.Forbidden("the account acts for no firm")
	}
	// Privacy keeps the list to the firm's own blocks (the trade office sees all).
	q, err := db.FirmBlock.Query().CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.Order(ent.Desc(firmblock.FieldCreatedAt), ent.Desc(firmblock.FieldID)).Limit(MaxBlocks).All(ctx)
}
