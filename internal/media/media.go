package media

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/exportiva/exportiva/ent"
	entmedia "github.com/exportiva/exportiva/ent/media"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/validate"
)

// Service changes the pictures of products and producers: it checks who asks
// before any work, decodes and stores the image, and writes the record through
// the client of the request (its transaction, when it has one). Files no
// record refers to any more are removed from the bucket after the commit.
type Service struct {
	Store *Store
	// Root is the client used after a commit (the bucket clean-up).
	Root *ent.Client
	Log  *slog.Logger
}

// db is the request's transaction client, or the root client.
func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.Root
}

// checkAlt trims a picture's description and checks its length.
func checkAlt(alt string) (string, error) {
	alt = strings.TrimSpace(alt)
	if utf8.RuneCountInString(alt) > validate.MaxAltText {
		return "", apperr.BadInput([]string{"alt"}, "a picture's description may have at most %d characters", validate.MaxAltText)
	}
	return alt, nil
}

// productOf loads a product for a change of its photos by the viewer.
func (s *Service) productOf(ctx context.Context, id int, field string) (*ent.Product, error) {
	p, err := s.db(ctx).Product.Query().Where(product.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such product", Format: "no such product", Field: []string{field}}
	}
	if err != nil {
		return nil, err
	}
	if err := authz.CanChangeMediaOf(ctx, p.ProducerID); err != nil {
		return nil, err
	}
	return p, nil
}

// UploadProductPhoto adds a photo at the end of a product's gallery.
func (s *Service) UploadProductPhoto(ctx context.Context, productID int, file io.Reader, alt string) (*ent.Media, error) {
	alt, err := checkAlt(alt)
	if err != nil {
		return nil, err
	}
	p, err := s.productOf(ctx, productID, "productId")
	if err != nil {
		return nil, err
	}
	c := s.db(ctx)
	n, err := c.Media.Query().Where(entmedia.ProductID(p.ID)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if n >= validate.MaxProductMedia {
		// Refused before the decode; the hook counts again under a lock.
		return nil, apperr.BadInput([]string{"file"}, validate.ErrTooManyMedia.Error())
	}
	if file == nil {
		return nil, apperr.BadInput([]string{"file"}, "an upload needs a file")
	}
	img, err := s.Store.Ingest(ctx, file)
	if err != nil {
		return nil, err
	}
	return c.Media.Create().SetProducerID(p.ProducerID).SetProductID(p.ID).SetPosition(n).SetAlt(alt).
		SetHash(img.Hash).SetFormat(img.Format).SetWidth(img.Width).SetHeight(img.Height).SetBytes(len(img.Data)).
		Save(ctx)
}

// ReorderProductPhotos puts a product's photos in the order of ids, which
// must name each of them once.
func (s *Service) ReorderProductPhotos(ctx context.Context, productID int, ids []int) ([]*ent.Media, error) {
	p, err := s.productOf(ctx, productID, "productId")
	if err != nil {
		return nil, err
	}
	c := s.db(ctx)
	photos, err := c.Media.Query().Where(entmedia.ProductID(p.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Media, len(photos))
	for _, m := range photos {
		byID[m.ID] = m
	}
	if len(ids) != len(photos) {
		return nil, apperr.BadInput([]string{"mediaIds"}, "name every photo of the product once, in the new order (it has %d)", len(photos))
	}
	seen := make(map[int]bool, len(ids))
	for _, id := range ids {
		if byID[id] == nil || seen[id] {
			return nil, apperr.BadInput([]string{"mediaIds"}, "name every photo of the product once, in the new order (it has %d)", len(photos))
		}
		seen[id] = true
	}
	out := make([]*ent.Media, len(ids))
	for pos, id := range ids {
		m := byID[id]
		if m.Position != pos {
			if m, err = m.Update().SetPosition(pos).Save(ctx); err != nil {
				return nil, err
			}
		}
		out[pos] = m
	}
	return out, nil
}

// DeleteProductPhoto removes a photo; the ones after it move up. It returns
// the product's id.
func (s *Service) DeleteProductPhoto(ctx context.Context, id int) (int, error) {
	c := s.db(ctx)
	m, err := c.Media.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && m.ProductID == nil) {
		return 0, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such photo", Format: "no such photo", Field: []string{"id"}}
	}
	if err != nil {
		return 0, err
	}
	if _, err := s.productOf(ctx, *m.ProductID, "id"); err != nil {
		return 0, err
	}
	if err := c.Media.DeleteOne(m).Exec(ctx); err != nil {
		return 0, err
	}
	rest, err := c.Media.Query().Where(entmedia.ProductID(*m.ProductID), entmedia.PositionGT(m.Position)).All(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range rest {
		if err := r.Update().SetPosition(r.Position - 1).Exec(ctx); err != nil {
			return 0, err
		}
	}
	s.cleanUp(ctx, m)
	return *m.ProductID, nil
}

// producerOf loads a producer for a change of its logo by the viewer.
func (s *Service) producerOf(ctx context.Context, id int) (*ent.Producer, error) {
	p, err := s.db(ctx).Producer.Query().Where(producer.ID(id)).WithLogo().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no such producer", Format: "no such producer", Field: []string{"producerId"}}
	}
	if err != nil {
		return nil, err
	}
	if err := authz.CanChangeMediaOf(ctx, p.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// UploadProducerLogo sets a producer's logo, replacing the one it had.
func (s *Service) UploadProducerLogo(ctx context.Context, producerID int, file io.Reader, alt string) (*ent.Media, error) {
	alt, err := checkAlt(alt)
	if err != nil {
		return nil, err
	}
	p, err := s.producerOf(ctx, producerID)
	if err != nil {
		return nil, err
	}
	if file == nil {
		return nil, apperr.BadInput([]string{"file"}, "an upload needs a file")
	}
	img, err := s.Store.Ingest(ctx, file)
	if err != nil {
		return nil, err
	}
	c := s.db(ctx)
	if old := p.Edges.Logo; old != nil {
		if err := c.Media.DeleteOne(old).Exec(ctx); err != nil {
			return nil, err
		}
		s.cleanUp(ctx, old)
	}
	return c.Media.Create().SetProducerID(p.ID).SetLogoOfID(p.ID).SetAlt(alt).
		SetHash(img.Hash).SetFormat(img.Format).SetWidth(img.Width).SetHeight(img.Height).SetBytes(len(img.Data)).
		Save(ctx)
}

// DeleteProducerLogo removes a producer's logo and returns its id (0 when it
// had none).
func (s *Service) DeleteProducerLogo(ctx context.Context, producerID int) (int, error) {
	p, err := s.producerOf(ctx, producerID)
	if err != nil {
		return 0, err
	}
	old := p.Edges.Logo
	if old == nil {
		return 0, nil
	}
	if err := s.db(ctx).Media.DeleteOne(old).Exec(ctx); err != nil {
		return 0, err
	}
	s.cleanUp(ctx, old)
	return old.ID, nil
}

// cleanUp removes a deleted picture's files from the bucket after the commit,
// unless another record shows the same image.
func (s *Service) cleanUp(ctx context.Context, m *ent.Media) {
	hash, format := m.Hash, m.Format
	events.AfterCommit(ctx, func() {
		bg := authz.System(context.WithoutCancel(ctx))
		n, err := s.Root.Media.Query().Where(entmedia.Hash(hash)).Count(bg)
		if err == nil && n == 0 {
			err = s.Store.Remove(bg, hash, format)
		}
		if err != nil && s.Log != nil {
			s.Log.WarnContext(ctx, "removing a picture from the media bucket", "hash", hash, "err", err.Error())
		}
	})
}
