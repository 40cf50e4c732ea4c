// Package webhook delivers notifications to the integrations of accounts and
// firms (an operator's WhatsApp gateway, a CRM) as JSON events POSTed to
// their endpoints, signed with HMAC-SHA256 (docs/WEBHOOKS.md).
//
// The deliveries are written by internal/notify in the transaction of the
// change that caused the notification — the transactional outbox of webhooks
// — so an event exists exactly when its change committed. The Dispatcher of
// every replica claims endpoints that have pending deliveries, the way
// internal/outbox claims its rows (FOR UPDATE SKIP LOCKED on PostgreSQL, the
// single writer on SQLite, a lease with the claimant's token), but per
// endpoint: the claim is what makes the deliveries of one endpoint go one at a
// time and in order. Failures back off exponentially; a delivery still failing
// after the retry window (24 hours) disables its endpoint and notifies its
// owner.
package webhook

import (
	"context"
	"strings"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/webhookdelivery"
	"github.com/exportiva/exportiva/ent/webhookendpoint"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/viewer"
)

// MaxPerOwner is the most endpoints an account has (ACCOUNT scope), and a
// firm has (FIRM scope).
const MaxPerOwner = 10

// MaxDescription is the longest description.
const MaxDescription = 200

// RotationOverlap is how long the previous secret keeps signing after a
// rotation.
const RotationOverlap = 24 * time.Hour

// Service manages the endpoints of the signed-in account.
type Service struct {
	DB      *ent.Client
	Targets Targets
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) client(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.DB
}

// CreateInput is what createWebhookEndpoint takes.
type CreateInput struct {
	URL         string
	Scope       domain.WebhookScope
	Kinds       []domain.NotificationKind
	Description *string
}

func signedIn(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in to manage webhooks")
	}
	return v, nil
}

// ownerOf restricts a query of endpoints to the ones of scope the viewer may
// create in, or manage: an ACCOUNT endpoint its creator, a FIRM endpoint the
// owners of its firm.
func firmOf(v *viewer.Viewer) (producerID, buyerID *int, err error) {
	if v.ProducerID == nil && v.BuyerID == nil {
		return nil, nil, apperr.Forbidden("the account acts for no producer or buyer: only ACCOUNT endpoints")
	}
	if v.FirmRole != domain.FirmOwner {
		return nil, nil, apperr.Forbidden("only an owner of the firm manages its webhooks")
	}
	return v.ProducerID, v.BuyerID, nil
}

// Create makes an endpoint and returns it with its secret.
func (s *Service) Create(ctx context.Context, in CreateInput) (*ent.WebhookEndpoint, string, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, "", err
	}
	in.URL = strings.TrimSpace(in.URL)
	if err := s.Targets.CheckURL(in.URL); err != nil {
		return nil, "", apperr.BadInput([]string{"url"}, "%s", err.Error())
	}
	if !domain.WebhookScopes.Valid(in.Scope) {
		return nil, "", apperr.BadInput([]string{"scope"}, "unknown scope")
	}
	kinds := make([]domain.NotificationKind, 0, len(in.Kinds))
	seen := map[domain.NotificationKind]bool{}
	for _, k := range in.Kinds {
		if !domain.NotificationKinds.Valid(k) {
			return nil, "", apperr.BadInput([]string{"kinds"}, "unknown kind %q", k)
		}
		if !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	desc := ""
	if in.Description != nil {
		desc = strings.TrimSpace(*in.Description)
		if len([]rune(desc)) > MaxDescription {
			return nil, "", apperr.BadInput([]string{"description"}, "at most %d characters", MaxDescription)
		}
	}
	db := s.client(ctx)
	sys := authz.System(ctx)
	c := db.WebhookEndpoint.Create().SetScope(in.Scope).SetAccountID(v.AccountID).SetURL(in.URL).
		SetDescription(desc).SetKinds(kinds).SetCreatedAt(s.now())
	count := db.WebhookEndpoint.Query()
	if in.Scope == domain.WebhookFirm {
		p, b, err := firmOf(v)
		if err != nil {
			return nil, "", err
		}
		c.SetNillableProducerID(p).SetNillableBuyerID(b)
		if p != nil {
			count.Where(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.ProducerID(*p))
		} else {
			count.Where(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.BuyerID(*b))
		}
	} else {
		count.Where(webhookendpoint.ScopeEQ(domain.WebhookAccount), webhookendpoint.AccountID(v.AccountID))
	}
	n, err := count.Count(sys)
	if err != nil {
		return nil, "", err
	}
	if n >= MaxPerOwner {
		return nil, "", apperr.Conflict("at most %d webhook endpoints per account and per firm: delete one first", MaxPerOwner)
	}
	secret := NewSecret()
	ep, err := c.SetSecret(secret).Save(sys)
	if err != nil {
		return nil, "", err
	}
	return ep, secret, nil
}

// manageable loads an endpoint the viewer may change (NOT_FOUND when it may
// not even see it, FORBIDDEN when it sees it but is not an owner).
func (s *Service) manageable(ctx context.Context, id int) (*ent.WebhookEndpoint, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	ep, err := s.client(ctx).WebhookEndpoint.Query().Where(webhookendpoint.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no such webhook endpoint")
	}
	if err != nil {
		return nil, err
	}
	if ep.Scope == domain.WebhookAccount && ep.AccountID != v.AccountID {
		return nil, apperr.NotFound("no such webhook endpoint")
	}
	if ep.Scope == domain.WebhookFirm {
		if _, _, err := firmOf(v); err != nil {
			return nil, err
		}
	}
	return ep, nil
}

// Delete removes an endpoint and its delivery log.
func (s *Service) Delete(ctx context.Context, id int) error {
	ep, err := s.manageable(ctx, id)
	if err != nil {
		return err
	}
	db := s.client(ctx)
	sys := authz.System(ctx)
	if _, err := db.WebhookDelivery.Delete().Where(webhookdelivery.EndpointID(ep.ID)).Exec(sys); err != nil {
		return err
	}
	return db.WebhookEndpoint.DeleteOneID(ep.ID).Exec(sys)
}

// Rotate gives an endpoint a new secret; the previous one signs alongside for
// RotationOverlap.
func (s *Service) Rotate(ctx context.Context, id int) (*ent.WebhookEndpoint, string, error) {
	ep, err := s.manageable(ctx, id)
	if err != nil {
		return nil, "", err
	}
	secret := NewSecret()
	ep, err = s.client(ctx).WebhookEndpoint.UpdateOne(ep).SetSecret(secret).SetPreviousSecret(ep.Secret).
		SetPreviousSecretUntil(s.now().Add(RotationOverlap)).Save(authz.System(ctx))
	if err != nil {
		return nil, "", err
	}
	return ep, secret, nil
}

// Enable sends to a disabled endpoint again.
func (s *Service) Enable(ctx context.Context, id int) (*ent.WebhookEndpoint, error) {
	ep, err := s.manageable(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.client(ctx).WebhookEndpoint.UpdateOne(ep).SetDisabled(false).ClearDisabledAt().SetDisabledReason("").
		SetConsecutiveFailures(0).ClearRetryAt().Save(authz.System(ctx))
}

// newestFirst orders endpoints newest first.
var newestFirst = ent.WithWebhookEndpointOrder(&ent.WebhookEndpointOrder{Direction: entgql.OrderDirectionDesc, Field: ent.WebhookEndpointOrderFieldCreatedAt})

// List pages the endpoints the viewer sees (privacy: its own and its firm's).
func (s *Service) List(ctx context.Context, first *int, after *entgql.Cursor[int]) (*ent.WebhookEndpointConnection, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	return s.client(ctx).WebhookEndpoint.Query().Paginate(ctx, after, first, nil, nil, newestFirst)
}
