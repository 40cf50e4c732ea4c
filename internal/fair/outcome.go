package fair

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/outcome"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/trade"
	"github.com/exportiva/exportiva/internal/validate"
)

// OutcomeInput is what one side records after a meeting.
type OutcomeInput struct {
	MeetingID int
	Type      domain.OutcomeType
	// A deal's volume (kg), value, destination, HS code and shipment month
	// (YYYY-MM): all required for DEAL.
	VolumeKg           *float64
	Value              *money.Amount
	Currency           *string
	DestinationCountry *string
	HSCode             *string
	ShipmentMonth      *string
	Note               string
	// FollowUp opens an inquiry between the two parties linked to the meeting
	// (once per meeting), so the negotiation continues in the quote flow.
	FollowUp bool
}

// RecordOutcome records (or replaces) the viewer's side's outcome of a
// meeting whose slot has begun, and opens the follow-up inquiry when asked.
func RecordOutcome(ctx context.Context, db *ent.Client, in OutcomeInput, now time.Time) (*ent.Outcome, *ent.Inquiry, error) {
	m, _, side, err := acting(ctx, db, in.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if m.Status != domain.MeetingAccepted || m.SlotStart == nil {
		return nil, nil, conflictAt([]string{"meetingId"}, "outcomes are recorded for booked meetings")
	}
	if m.SlotStart.After(now) {
		return nil, nil, conflictAt([]string{"meetingId"}, "the meeting has not taken place yet")
	}
	if err := checkDeal(in); err != nil {
		return nil, nil, err
	}
	if len(in.Note) > 1000 {
		return nil, nil, apperr.BadInput([]string{"note"}, "at most 1000 characters")
	}
	var chapter *string
	if in.HSCode != nil {
		code := validate.NormalizeHS(*in.HSCode)
		in.HSCode = &code
		if len(code) >= 2 {
			c := code[:2]
			chapter = &c
		}
	}
	old, err := db.Outcome.Query().Where(outcome.MeetingID(m.ID), outcome.PartyEQ(side)).Only(ctx)
	var o *ent.Outcome
	switch {
	case err == nil:
		o, err = old.Update().SetType(in.Type).SetNillableVolumeKg(in.VolumeKg).SetNillableValue(in.Value).
			SetNillableCurrency(in.Currency).SetNillableDestinationCountry(in.DestinationCountry).
			SetNillableHsCode(in.HSCode).SetNillableHsChapter(chapter).SetNillableShipmentMonth(in.ShipmentMonth).
			SetNote(in.Note).Save(ctx)
	case ent.IsNotFound(err):
		o, err = db.Outcome.Create().SetMeetingID(m.ID).SetParty(side).SetBuyerID(m.BuyerID).SetProducerID(m.ProducerID).
			SetType(in.Type).SetNillableVolumeKg(in.VolumeKg).SetNillableValue(in.Value).
			SetNillableCurrency(in.Currency).SetNillableDestinationCountry(in.DestinationCountry).
			SetNillableHsCode(in.HSCode).SetNillableHsChapter(chapter).SetNillableShipmentMonth(in.ShipmentMonth).
			SetNote(in.Note).Save(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	if !in.FollowUp {
		return o, nil, nil
	}
	if m.InquiryID != nil {
		return nil, nil, conflictAt([]string{"followUp"}, "the meeting's follow-up inquiry is already open")
	}
	if in.Type == domain.OutcomeNoShow || in.Type == domain.OutcomeNotInterested {
		return nil, nil, apperr.BadInput([]string{"followUp"}, "a follow-up needs an outcome with interest")
	}
	// The Outcome policy checked that the viewer is a party; the inquiry is
	// the buyer's (Inquiry policy), so a producer's follow-up opens it as
	// system work, between the meeting's two parties only.
	ictx := ctx
	if side == domain.PartyProducer {
		ictx = authz.System(ctx)
	}
	body := fmt.Sprintf("Follow-up of our meeting at the fair (%s).", strings.ToLower(domain.OutcomeTypes.Row(in.Type).English))
	if in.Note != "" {
		body += "\n\n" + in.Note
	}
	inq, err := trade.SendInquiry(ictx, db, trade.InquiryInput{
		BuyerID: m.BuyerID, ProducerID: m.ProducerID, ProductID: m.ProductID, BuyRequestID: m.BuyRequestID,
		Subject: "Fair meeting follow-up", Body: body,
	})
	if err != nil {
		return nil, nil, err
	}
	if err := m.Update().SetInquiryID(inq.ID).Exec(authz.System(ctx)); err != nil {
		return nil, nil, err
	}
	return o, inq, nil
}

func checkDeal(in OutcomeInput) error {
	if in.Type != domain.OutcomeDeal {
		if in.VolumeKg != nil || in.Value != nil {
			return apperr.BadInput([]string{"type"}, "volume and value are recorded for a DEAL")
		}
		return nil
	}
	switch {
	case in.VolumeKg == nil:
		return apperr.BadInput([]string{"volumeKg"}, "a deal needs its volume")
	case in.Value == nil || in.Currency == nil:
		return apperr.BadInput([]string{"value"}, "a deal needs its value and currency")
	case in.DestinationCountry == nil:
		return apperr.BadInput([]string{"destinationCountry"}, "a deal needs its destination")
	case in.HSCode == nil:
		return apperr.BadInput([]string{"hsCode"}, "a deal needs the HS code of its goods")
	}
	if in.ShipmentMonth != nil {
		if _, err := time.Parse("2006-01", *in.ShipmentMonth); err != nil {
			return apperr.BadInput([]string{"shipmentMonth"}, "want YYYY-MM")
		}
	}
	return nil
}
