package schema

import (
	"entgo.io/ent"

	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/authz"
)

// The privacy policies of every type, assembled from internal/authz. Order matters:
// anonymous writes are refused first, then trade officers are allowed, then the
// type's own rule decides.

func writes(rules ...privacy.MutationRule) privacy.MutationPolicy {
	return append(privacy.MutationPolicy{authz.RequireViewer(), authz.AllowAdmin()}, rules...)
}

// Policy of the Producer: a public catalog; members change their own firm.
func (Producer) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.ProducerMutation())}
}

// Policy of the Product: public but for those hidden after a report (seen by
// their producer and the trade office); changed by its producer's members.
func (Product) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.ProductQuery()}, Mutation: writes(authz.RequireVerified(), authz.OwnProducer("products"))}
}

// Policy of the Certification: public; changed by its producer's members.
func (Certification) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.OwnProducer("certifications"))}
}

// Policy of the Media: public (the catalog's pictures); changed by the members
// of the producer they belong to.
func (Media) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.OwnProducer("pictures"))}
}

// Policy of the ExportRecord: public (track record, statistics); recorded by its producer.
func (ExportRecord) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.OwnProducer("export records"))}
}

// Policy of the Buyer.
func (Buyer) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AllowAdmin(), authz.BuyerQuery()}, Mutation: writes(authz.BuyerMutation())}
}

// Policy of the BuyRequest.
func (BuyRequest) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AllowAdmin(), authz.BuyRequestQuery()}, Mutation: writes(authz.RequireVerified(), authz.BuyRequestMutation())}
}

// Policy of the Inquiry.
func (Inquiry) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AllowAdmin(), authz.InquiryQuery()}, Mutation: writes(authz.RequireVerified(), authz.NotBlocked(), authz.InquiryMutation())}
}

// Policy of the Message.
func (Message) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AllowAdmin(), authz.MessageQuery()}, Mutation: writes(authz.RequireVerified(), authz.NotBlocked(), authz.MessageMutation())}
}

// Policy of the Quote.
func (Quote) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AllowAdmin(), authz.QuoteQuery()}, Mutation: writes(authz.RequireVerified(), authz.NotBlocked(), authz.QuoteMutation())}
}

// Policy of the MarketRule: public; the trade office keeps it.
func (MarketRule) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.AdminOnly("market rules"))}
}

// Policy of the FxRate: public; the trade office keeps it.
func (FxRate) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: writes(authz.AdminOnly("exchange rates"))}
}

// Policy of the Account: an account sees itself; accounts change only through the
// auth service.
func (Account) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.AllowAdmin(), authz.AccountQuery()},
		Mutation: privacy.MutationPolicy{authz.RequireViewer(), authz.AllowAdmin(), privacy.AlwaysDenyRule()},
	}
}

// Policy of the SavedSearch: an account sees and changes its own saved
// searches; the trade office reads them.
func (SavedSearch) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{authz.AllowAdmin(), authz.SavedSearchQuery()},
		Mutation: privacy.MutationPolicy{authz.RequireViewer(), authz.SavedSearchMutation()},
	}
}

// Policy of the SavedSearchKey: the index is written and read by the saved
// search service only (under authz.System).
func (SavedSearchKey) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{privacy.AlwaysDenyRule()}, Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()}}
}

// Policy of the SavedSearchHit: written and read by the saved search service
// only (under authz.System), which checks the owner.
func (SavedSearchHit) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{privacy.AlwaysDenyRule()}, Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()}}
}

// Policy of the ProductTerm: the search index follows the product writes that
// maintain it.
func (ProductTerm) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: privacy.MutationPolicy{privacy.AlwaysAllowRule()}}
}

// Policy of the ProductCount: the tally follows the product writes that
// maintain it (internal/tally); totals read from it are adjusted for the
// hidden products the reader may not see.
func (ProductCount) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.Public()}, Mutation: privacy.MutationPolicy{privacy.AlwaysAllowRule()}}
}

// Policy of the Event: open, running and closed fairs are public, drafts the
// trade office's; the trade office creates and runs them.
func (Event) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.EventQuery()}, Mutation: writes(authz.AdminOnly("events"))}
}

// Policy of the Booth: public with its fair; the trade office allots booths.
func (Booth) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.BoothQuery()}, Mutation: writes(authz.AdminOnly("booths"))}
}

// Policy of the Participant: a firm registers itself; the organiser
// validates; others see validated participants once validated themselves.
func (Participant) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.ParticipantQuery()}, Mutation: writes(authz.ParticipantMutation())}
}

// Policy of the AvailabilityBlock: a participant's own firm blocks and frees
// its times and alone sees them.
func (AvailabilityBlock) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.AvailabilityBlockQuery()}, Mutation: writes(authz.AvailabilityBlockMutation())}
}

// Policy of the Meeting: only the two parties (and the trade office) see and
// change it; internal/fair decides which side may take which step.
func (Meeting) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.MeetingQuery()}, Mutation: writes(authz.RequireVerified(), authz.MeetingMutation())}
}

// Policy of the MeetingSlot: the booking ledger is written and read by
// internal/fair only (under authz.System), after the Meeting policy allowed
// the booking.
func (MeetingSlot) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{privacy.AlwaysDenyRule()}, Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()}}
}

// Policy of the Outcome: each side records and sees its own.
func (Outcome) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.OutcomeQuery()}, Mutation: writes(authz.OutcomeMutation())}
}

// Policy of the BadgeScan: the scanning exhibitor's firm and the trade
// office read it; internal/fair writes it (under authz.System) after its
// checks.
func (BadgeScan) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{authz.BadgeScanQuery()}, Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()}}
}
