package graph

import (
	"context"
	"sort"

	"github.com/99designs/gqlgen/graphql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/graph/model"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/media"
)

// mediaService is the picture service, or BAD_USER_INPUT when the server
// keeps no pictures.
func (r *Resolver) mediaService() (*media.Service, error) {
	if r.media == nil {
		return nil, apperr.BadInput([]string{"file"}, "this server keeps no pictures")
	}
	return r.media, nil
}

// mediaURL is where a picture is served at a width.
func (r *Resolver) mediaURL(m *ent.Media, width int) (string, error) {
	if !media.ValidWidth(width) {
		return "", apperr.BadInput([]string{"width"}, "a picture is served 160, 480 or 1200 pixels wide")
	}
	return r.mediaBase + media.Path(m.Hash, m.Format, width), nil
}

// productMedia returns a product's photos in gallery order: the eager-loaded
// edge when the query collected it (one query for the whole page), else one
// query.
func productMedia(ctx context.Context, p *ent.Product) ([]*ent.Media, error) {
	var ms []*ent.Media
	var err error
	// entgql's collection loads the edge under the field's alias (its name
	// when it has none).
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Alias != "" {
		ms, err = p.NamedMedia(fc.Field.Alias)
	} else {
		ms, err = p.Edges.MediaOrErr()
	}
	if ent.IsNotLoaded(err) {
		ms, err = p.QueryMedia().All(ctx)
	}
	if err != nil {
		return nil, err
	}
	sorted := append([]*ent.Media(nil), ms...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Position != sorted[j].Position {
			return sorted[i].Position < sorted[j].Position
		}
		return sorted[i].ID < sorted[j].ID
	})
	return sorted, nil
}

// producerLogo returns a producer's logo, eager-loaded when collected.
func producerLogo(ctx context.Context, p *ent.Producer) (*ent.Media, error) {
	m, err := p.Edges.LogoOrErr()
	if ent.IsNotLoaded(err) {
		m, err = p.QueryLogo().Only(ctx)
	}
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return m, err
}

func (r *Resolver) uploadProductMedia(ctx context.Context, productID int, file graphql.Upload, alt *string) (*model.UploadProductMediaPayload, error) {
	svc, err := r.mediaService()
	if err != nil {
		return nil, err
	}
	m, err := svc.UploadProductPhoto(ctx, productID, file.File, deref(alt))
	if err != nil {
		return nil, err
	}
	p, err := r.db(ctx).Product.Query().Where(product.ID(productID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return &model.UploadProductMediaPayload{Media: m, Product: p}, nil
}

func (r *Resolver) reorderProductMedia(ctx context.Context, productID int, ids []int) (*model.ReorderProductMediaPayload, error) {
	svc, err := r.mediaService()
	if err != nil {
		return nil, err
	}
	if _, err := svc.ReorderProductPhotos(ctx, productID, ids); err != nil {
		return nil, err
	}
	p, err := r.db(ctx).Product.Query().Where(product.ID(productID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return &model.ReorderProductMediaPayload{Product: p}, nil
}

func (r *Resolver) deleteProductMedia(ctx context.Context, id int) (*model.DeleteProductMediaPayload, error) {
	svc, err := r.mediaService()
	if err != nil {
		return nil, err
	}
	productID, err := svc.DeleteProductPhoto(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := r.db(ctx).Product.Query().Where(product.ID(productID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return &model.DeleteProductMediaPayload{DeletedID: id, Product: p}, nil
}

func (r *Resolver) uploadProducerLogo(ctx context.Context, producerID int, file graphql.Upload, alt *string) (*model.UploadProducerLogoPayload, error) {
	svc, err := r.mediaService()
	if err != nil {
		return nil, err
	}
	m, err := svc.UploadProducerLogo(ctx, producerID, file.File, deref(alt))
	if err != nil {
		return nil, err
	}
	p, err := r.db(ctx).Producer.Query().Where(producer.ID(producerID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return &model.UploadProducerLogoPayload{Logo: m, Producer: p}, nil
}

func (r *Resolver) deleteProducerLogo(ctx context.Context, producerID int) (*model.DeleteProducerLogoPayload, error) {
	svc, err := r.mediaService()
	if err != nil {
		return nil, err
	}
	id, err := svc.DeleteProducerLogo(ctx, producerID)
	if err != nil {
		return nil, err
	}
	p, err := r.db(ctx).Producer.Query().Where(producer.ID(producerID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.DeleteProducerLogoPayload{Producer: p}
	if id != 0 {
		out.DeletedID = &id
	}
	return out, nil
}
