package schema

import (
	"context"

	"entgo.io/ent"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/certification"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/validate"
)

// certificationLimitHook refuses a producer's certificate past
// validate.MaxCertifications, so that the certificate lists of a producer and of
// its products are bounded and the GraphQL price (graph/lists.go) can count on it.
// The count sees every certificate of the producer, whoever asks.
var certificationLimitHook = hook.On(func(next ent.Mutator) ent.Mutator {
	return hook.CertificationFunc(func(ctx context.Context, m *gen.CertificationMutation) (gen.Value, error) {
		if pid, ok := m.ProducerID(); ok {
			n, err := m.Client().Certification.Query().
				Where(certification.ProducerID(pid)).
				Count(privacy.DecisionContext(ctx, privacy.Allow))
			if err != nil {
				return nil, err
			}
			if n >= validate.MaxCertifications {
				return nil, validate.Field("producer_id", validate.ErrTooManyCertifications)
			}
		}
		return next.Mutate(ctx, m)
	})
}, ent.OpCreate)
