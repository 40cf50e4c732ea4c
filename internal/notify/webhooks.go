package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/predicate"
	"github.com/exportiva/exportiva/ent/webhookendpoint"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/outbox"
)

// WebhookEvent is the JSON body of a webhook delivery (docs/WEBHOOKS.md).
type WebhookEvent struct {
	// ID is the event's id, the same on every attempt (Exportiva-Event-Id).
	ID string `json:"id"`
	// Type is the notification kind (NEW_LEAD, MESSAGE_RECEIVED, …).
	Type      domain.NotificationKind `json:"type"`
	CreatedAt time.Time               `json:"createdAt"`
	// Scope is the endpoint's: ACCOUNT (AccountID set) or FIRM (ProducerID or
	// BuyerID set).
	Scope      domain.WebhookScope `json:"scope"`
	AccountID  string              `json:"accountId,omitempty"`
	ProducerID string              `json:"producerId,omitempty"`
	BuyerID    string              `json:"buyerId,omitempty"`
	Data       WebhookData         `json:"data"`
}

// WebhookData is what the notification tells.
type WebhookData struct {
	Subject      string `json:"subject"`
	Actor        string `json:"actor,omitempty"`
	InquiryID    string `json:"inquiryId,omitempty"`
	BuyRequestID string `json:"buyRequestId,omitempty"`
	Link         string `json:"link"`
}

// NewEventID is a random event id: evt_ and 16 bytes in hex.
func NewEventID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "evt_" + hex.EncodeToString(b[:])
}

func idString(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// queueWebhooks writes, in the transaction of ctx, one delivery per enabled
// endpoint that takes the event's kind: the ACCOUNT endpoints of the
// recipients and the FIRM endpoints of their firms (once per firm: seen
// carries the endpoints already queued by earlier chunks of the same event).
// Statements: one query, and one insert when an endpoint takes it.
func (n *Notifier) queueWebhooks(ctx context.Context, db *ent.Client, accs []*ent.Account, e Event, seen map[int]bool) error {
	if len(accs) == 0 {
		return nil
	}
	accIDs := make([]int, 0, len(accs))
	var producers, buyers []int
	for _, a := range accs {
		accIDs = append(accIDs, a.ID)
		if a.ProducerID != nil {
			producers = append(producers, *a.ProducerID)
		}
		if a.BuyerID != nil {
			buyers = append(buyers, *a.BuyerID)
		}
	}
	or := []predicate.WebhookEndpoint{webhookendpoint.And(webhookendpoint.ScopeEQ(domain.WebhookAccount), webhookendpoint.AccountIDIn(accIDs...))}
	if len(producers) > 0 {
		or = append(or, webhookendpoint.And(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.ProducerIDIn(dedupe(producers)...)))
	}
	if len(buyers) > 0 {
		or = append(or, webhookendpoint.And(webhookendpoint.ScopeEQ(domain.WebhookFirm), webhookendpoint.BuyerIDIn(dedupe(buyers)...)))
	}
	sys := authz.System(ctx)
	eps, err := db.WebhookEndpoint.Query().Where(webhookendpoint.Disabled(false), webhookendpoint.Or(or...)).
		Order(webhookendpoint.ByID()).All(sys)
	if err != nil || len(eps) == 0 {
		return err
	}
	now := n.now().UTC()
	link := n.Link(e)
	var creates []*ent.WebhookDeliveryCreate
	for _, ep := range eps {
		if seen[ep.ID] || (len(ep.Kinds) > 0 && !slices.Contains(ep.Kinds, e.Kind)) {
			continue
		}
		seen[ep.ID] = true
		ev := WebhookEvent{ID: NewEventID(), Type: e.Kind, CreatedAt: now, Scope: ep.Scope,
			Data: WebhookData{Subject: e.Subject, Actor: e.Actor, InquiryID: idString(e.InquiryID), BuyRequestID: idString(e.BuyRequestID), Link: link}}
		if ep.Scope == domain.WebhookAccount {
			ev.AccountID = strconv.Itoa(ep.AccountID)
		} else {
			ev.ProducerID, ev.BuyerID = idString(ep.ProducerID), idString(ep.BuyerID)
		}
		body, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		creates = append(creates, db.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(ev.ID).
			SetKind(e.Kind).SetPayload(string(body)).SetCreatedAt(now))
	}
	if len(creates) == 0 {
		return nil
	}
	if err := db.WebhookDelivery.CreateBulk(creates...).Exec(sys); err != nil {
		return err
	}
	events.AfterCommit(ctx, outbox.Wake)
	return nil
}

func dedupe(ids []int) []int {
	slices.Sort(ids)
	return slices.Compact(ids)
}
