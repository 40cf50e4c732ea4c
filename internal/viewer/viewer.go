// Package viewer carries who is making a request through its context: the signed-in
// account with its role and organization, or nobody (anonymous). The privacy
// policies of the ent schema (internal/authz) read it; so does the audit hook.
package viewer

import (
	"context"

	"github.com/exportiva/exportiva/internal/domain"
)

// Viewer is a signed-in account.
type Viewer struct {
	AccountID  int
	Email      string
	Role       domain.Role
	ProducerID *int
	BuyerID    *int
	// Unverified is set while the account has not confirmed its e-mail
	// address: it may browse but not post.
	Unverified bool
	// FirmRole is the account's role within its producer or buyer ("" when
	// it acts for none).
	FirmRole domain.FirmRole
}

// Admin reports whether the viewer is a trade officer.
func (v *Viewer) Admin() bool { return v != nil && v.Role == domain.RoleAdmin }

// OfProducer reports whether the viewer acts for the producer.
func (v *Viewer) OfProducer(id int) bool {
	return v != nil && v.ProducerID != nil && *v.ProducerID == id
}

// OfBuyer reports whether the viewer acts for the buyer.
func (v *Viewer) OfBuyer(id int) bool {
	return v != nil && v.BuyerID != nil && *v.BuyerID == id
}

type key struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, key{}, v)
}

// FromContext returns the viewer in ctx, or nil for an anonymous request.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(key{}).(*Viewer)
	return v
}
