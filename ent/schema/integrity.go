package schema

import (
	"context"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
)

// Rules that tie a record to another one: they hold on every write path (API,
// import, seeding) because they live in hooks, not in resolvers.

// productOfProducer refuses a product that belongs to another producer than the
// record's (a certificate or an export record names the holder's own products
// only), and a product that does not exist.
func productOfProducer(ctx context.Context, c *gen.Client, producerID, productID int) error {
	owner, err := c.Product.Query().Where(product.ID(productID)).Select(product.FieldProducerID).Int(ctx)
	if gen.IsNotFound(err) {
		return &apperr.Error{Code: apperr.CodeNotFound, Message: "no such product", Format: "no such product", Field: []string{"productID"}}
	}
	if err != nil {
		return err
	}
	if owner != producerID {
		return apperr.BadInput([]string{"productID"}, "the product belongs to another producer")
	}
	return nil
}

// ownProduct is the typed form of productOfProducer for mutations with a
// producer_id and a product_id field.
type ownProductMutation interface {
	ProducerID() (int, bool)
	OldProducerID(context.Context) (int, error)
	ProductID() (int, bool)
	Client() *gen.Client
	Op() ent.Op
}

func checkOwnProduct(ctx context.Context, m ownProductMutation) error {
	pid, ok := m.ProductID()
	if !ok {
		return nil
	}
	owner, ok := m.ProducerID()
	if !ok {
		if !m.Op().Is(ent.OpUpdateOne) {
			// A bulk update cannot name one product for many owners.
			return apperr.BadInput([]string{"productID"}, "the product belongs to another producer")
		}
		var err error
		if owner, err = m.OldProducerID(ctx); err != nil {
			return err
		}
	}
	return productOfProducer(ctx, m.Client(), owner, pid)
}

// exportRecordProductHook refuses an export record naming another producer's product.
func exportRecordProductHook(next ent.Mutator) ent.Mutator {
	return hook.ExportRecordFunc(func(ctx context.Context, m *gen.ExportRecordMutation) (ent.Value, error) {
		if err := checkOwnProduct(ctx, m); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// certificationProductHook refuses a certificate covering another producer's product.
func certificationProductHook(next ent.Mutator) ent.Mutator {
	return hook.CertificationFunc(func(ctx context.Context, m *gen.CertificationMutation) (ent.Value, error) {
		if err := checkOwnProduct(ctx, m); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}
