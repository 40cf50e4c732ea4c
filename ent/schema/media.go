package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/hook"
	"github.com/exportiva/exportiva/ent/media"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/validate"
)

// Media is a picture: a photo of a product or a producer's logo. The image
// itself lives in the media bucket (internal/media) under its content hash;
// the row says whose it is, where it stands and what it shows.
type Media struct {
	ent.Schema
}

// Mixin of the Media.
func (Media) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Media.
func (Media) Fields() []ent.Field {
	return []ent.Field{
		field.Int("producer_id").Immutable().
			Comment("The producer the picture belongs to (the product's producer, or the firm of the logo).").
			Annotations(skipGQL()),
		field.Int("product_id").Optional().Nillable().Immutable().
			Comment("The product the photo shows; empty for a logo.").
			Annotations(skipGQL()),
		field.Int("logo_of_id").Optional().Nillable().Unique().Immutable().
			Comment("The producer whose logo this is; empty for a product photo.").
			Annotations(skipGQL()),
		field.Int("position").Default(0).NonNegative().
			Comment("Place of the photo in the product's gallery, from 0 (the first is the product's main picture)."),
		field.String("alt").Optional().MaxLen(validate.MaxAltText).
			Comment("Text that describes the picture for people who cannot see it (at most 300 characters)."),
		field.String("hash").NotEmpty().MaxLen(64).Immutable().
			Comment("SHA-256 of the stored image (hex): the name of its file in the media bucket.").
			Annotations(skipGQL()),
		field.String("format").NotEmpty().MaxLen(8).Immutable().
			Comment("Format of the stored image: jpeg or png.").
			Annotations(skipGQL()),
		field.Int("width").Positive().Immutable().
			Comment("Width of the stored image in pixels (variants keep its aspect ratio)."),
		field.Int("height").Positive().Immutable().
			Comment("Height of the stored image in pixels."),
		field.Int("bytes").NonNegative().Immutable().
			Comment("Size of the stored image in bytes.").
			Annotations(skipGQL()),
	}
}

// Edges of the Media.
func (Media) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("producer", Producer.Type).Ref("media").Field("producer_id").Unique().Required().Immutable().
			Annotations(skipGQL()),
		edge.From("product", Product.Type).Ref("media").Field("product_id").Unique().Immutable().
			Annotations(skipGQL()),
		edge.From("logo_of", Producer.Type).Ref("logo").Field("logo_of_id").Unique().Immutable().
			Annotations(skipGQL()),
	}
}

// Indexes of the Media.
func (Media) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "position"),
		index.Fields("producer_id"),
		index.Fields("hash"),
	}
}

// Hooks of the Media.
func (Media) Hooks() []ent.Hook { return []ent.Hook{mediaIntegrityHook, mediaLimitHook} }

// Annotations of the Media.
func (Media) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("A picture: a product photo or a producer's logo, served in resized variants."),
	}
}

// mediaIntegrityHook ties a picture to its owner on every write path: a photo
// belongs to its product's producer, a logo to its producer; a picture is one
// of the two.
var mediaIntegrityHook = hook.On(func(next ent.Mutator) ent.Mutator {
	return hook.MediaFunc(func(ctx context.Context, m *gen.MediaMutation) (gen.Value, error) {
		owner, _ := m.ProducerID()
		product, isPhoto := m.ProductID()
		logoOf, isLogo := m.LogoOfID()
		switch {
		case isPhoto == isLogo:
			return nil, apperr.BadInput([]string{"file"}, "a picture is either a product photo or a logo")
		case isLogo && logoOf != owner:
			return nil, apperr.BadInput([]string{"producerId"}, "a logo belongs to its own producer")
		case isPhoto:
			if err := productOfProducer(privacy.DecisionContext(ctx, privacy.Allow), m.Client(), owner, product); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}, ent.OpCreate)

// mediaLimitHook refuses a product's photo past validate.MaxProductMedia, so
// that `Product.media` stays a short list the GraphQL price can count on.
// Concurrent uploads are serialised as certificates are
// (certificationLimitHook): a lock on the producer's row on PostgreSQL, the
// write lock (or a mutex outside a transaction) on SQLite.
var mediaLimitHook = hook.On(func(next ent.Mutator) ent.Mutator {
	return hook.MediaFunc(func(ctx context.Context, m *gen.MediaMutation) (gen.Value, error) {
		product, ok := m.ProductID()
		owner, _ := m.ProducerID()
		if !ok {
			return next.Mutate(ctx, m)
		}
		allow := privacy.DecisionContext(ctx, privacy.Allow)
		client := m.Client()
		d, err := lockProducer(allow, client, owner)
		if err != nil {
			return nil, err
		}
		var lock *gen.Tx
		if _, err := m.Tx(); err != nil {
			switch d {
			case dialect.Postgres:
				if lock, err = client.Tx(allow); err != nil {
					return nil, err
				}
				defer func() { _ = lock.Rollback() }()
				client = lock.Client()
				if _, err := lockProducer(allow, client, owner); err != nil {
					return nil, err
				}
			default:
				mu := &outsideTx[owner%len(outsideTx)]
				mu.Lock()
				defer mu.Unlock()
			}
		}
		n, err := client.Media.Query().Where(media.ProductID(product)).Count(allow)
		if err != nil {
			return nil, err
		}
		if n >= validate.MaxProductMedia {
			return nil, validate.Field("file", validate.ErrTooManyMedia)
		}
		v, err := next.Mutate(ctx, m)
		if err == nil && lock != nil {
			err = lock.Commit()
		}
		return v, err
	})
}, ent.OpCreate)
