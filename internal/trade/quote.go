// Package trade runs the negotiation between buyers and producers: buy requests,
// inquiries, messages, and quotes with their state machine.
package trade

import (
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
)

// Action is something done to a quote.
type Action string

// Actions on a quote.
const (
	Accept    Action = "accept"
	Decline   Action = "decline"
	Withdraw  Action = "withdraw"
	Supersede Action = "supersede"
	Expire    Action = "expire"
)

// transitions is the quote state machine: only a PENDING quote moves, and every
// other state is final.
//
//	PENDING --accept--> ACCEPTED     (buyer)
//	PENDING --decline--> DECLINED    (buyer)
//	PENDING --withdraw--> WITHDRAWN  (producer)
//	PENDING --supersede--> SUPERSEDED (a newer quote on the same inquiry)
//	PENDING --expire--> EXPIRED      (validity ran out)
var transitions = map[domain.QuoteStatus]map[Action]domain.QuoteStatus{
	domain.QuotePending: {
		Accept:    domain.QuoteAccepted,
		Decline:   domain.QuoteDeclined,
		Withdraw:  domain.QuoteWithdrawn,
		Supersede: domain.QuoteSuperseded,
		Expire:    domain.QuoteExpired,
	},
}

// Next returns the state a quote in state from reaches by the action, or a
// CONFLICT error when the transition is illegal.
func Next(from domain.QuoteStatus, a Action) (domain.QuoteStatus, error) {
	if to, ok := transitions[from][a]; ok {
		return to, nil
	}
	return from, apperr.Conflict("cannot %s a quote that is %s", a, lowerStatus(from))
}

func lowerStatus(s domain.QuoteStatus) string {
	return map[domain.QuoteStatus]string{
		domain.QuotePending: "pending", domain.QuoteAccepted: "already accepted",
		domain.QuoteDeclined: "declined", domain.QuoteWithdrawn: "withdrawn",
		domain.QuoteSuperseded: "superseded by a newer quote", domain.QuoteExpired: "expired",
	}[s]
}
