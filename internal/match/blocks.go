package match

import (
	"context"
	"slices"

	"entgo.io/ent/dialect/sql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/buyrequest"
	"github.com/exportiva/exportiva/ent/firmblock"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
)

// notBlockedWith keeps the buy requests whose buyer has no block, in either
// direction, with any of the producers (a blocked buyer's requests are no
// leads for the producer, nor the requests of a buyer that blocked it): one
// NOT EXISTS on the firm_blocks (buyer_id, producer_id) index.
func notBlockedWith(producerIDs []int) predicate.BuyRequest {
	ids := make([]any, 0, len(producerIDs))
	for _, id := range producerIDs {
		ids = append(ids, id)
	}
	return func(s *sql.Selector) {
		t := sql.Table(firmblock.Table)
		s.Where(sql.NotExists(sql.Select(t.C(firmblock.FieldID)).From(t).Where(sql.And(
			sql.ColumnsEQ(t.C(firmblock.FieldBuyerID), s.C(buyrequest.FieldBuyerID)),
			sql.In(t.C(firmblock.FieldProducerID), ids...),
		))))
	}
}

// notBlockedBy keeps the products whose producer has no block, in either
// direction, with the buyer: one NOT EXISTS on the firm_blocks
// (buyer_id, producer_id) index, so a buyer's matches leave out the producers
// it blocked and those that blocked it.
func notBlockedBy(buyerID int) predicate.Product {
	return func(s *sql.Selector) {
		t := sql.Table(firmblock.Table)
		s.Where(sql.NotExists(sql.Select(t.C(firmblock.FieldID)).From(t).Where(sql.And(
			sql.EQ(t.C(firmblock.FieldBuyerID), buyerID),
			sql.ColumnsEQ(t.C(firmblock.FieldProducerID), s.C(product.FieldProducerID)),
		))))
	}
}

// producersOf lists the distinct producers of the products.
func producersOf(products []*ent.Product) []int {
	var out []int
	for _, p := range products {
		if !slices.Contains(out, p.ProducerID) {
			out = append(out, p.ProducerID)
		}
	}
	return out
}

// BlockedProducers returns which of the producers have a block, in either
// direction, with the buyer: one query per 500 producers.
func BlockedProducers(ctx context.Context, db *ent.Client, buyerID int, producerIDs []int) (map[int]bool, error) {
	return blockSides(ctx, db, producerIDs, firmblock.FieldProducerID, func(c []int) predicate.FirmBlock {
		return firmblock.And(firmblock.BuyerID(buyerID), firmblock.ProducerIDIn(c...))
	})
}

// blockedBuyers returns the buyers with a block, in either direction, with
// one of the producers: one query per 500 producers.
func blockedBuyers(ctx context.Context, db *ent.Client, producerIDs []int) (map[int]bool, error) {
	return blockSides(ctx, db, producerIDs, firmblock.FieldBuyerID, func(c []int) predicate.FirmBlock {
		return firmblock.ProducerIDIn(c...)
	})
}

// blockSides returns the column col of the blocks where(chunk) selects, for
// the ids in chunks of chunkIDs (read as the system: blocks are private).
func blockSides(ctx context.Context, db *ent.Client, ids []int, col string, where func([]int) predicate.FirmBlock) (map[int]bool, error) {
	out := map[int]bool{}
	for c := range slices.Chunk(ids, chunkIDs) {
		found, err := db.FirmBlock.Query().Where(where(c)).Select(col).Ints(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}
