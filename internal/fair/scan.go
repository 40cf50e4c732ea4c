package fair

import (
	"context"
	"strings"
	"time"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/badgescan"
	"github.com/exportiva/exportiva/ent/participant"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
)

// MaxBadgeCode is the longest badge code accepted (codes are 16
// characters).
const MaxBadgeCode = 64

// ScanBadge records, for the viewer's firm as an exhibitor (a validated
// producer participant of the event), a lead: the participant whose badge
// carries code. The scanned firm's contact details are copied onto the
// scan only when the participant consented (badge_consent). Scanning the
// same badge again returns the first scan (one per pair), refreshing the
// contact details to the participant's present consent. Refused: an event
// not open or running (CONFLICT on eventId), a viewer not an exhibitor of
// the event (FORBIDDEN), an unknown code (NOT_FOUND on code), the viewer's
// own badge (BAD_USER_INPUT on code).
func ScanBadge(ctx context.Context, db *ent.Client, eventID int, code string, now time.Time) (*ent.BadgeScan, error) {
	ev, err := loadEvent(ctx, db, eventID, []string{"eventId"})
	if err != nil {
		return nil, err
	}
	if err := active(ev, []string{"eventId"}); err != nil {
		return nil, err
	}
	me, err := mine(ctx, db, ev.ID)
	if apperr.CodeOf(err) == apperr.CodeBadUserInput {
		return nil, apperr.Forbidden("only exhibitors of the event scan badges")
	}
	if err != nil {
		return nil, err
	}
	if me.Side != domain.PartyProducer || !me.Validated {
		return nil, apperr.Forbidden("only exhibitors of the event (validated producers) scan badges")
	}
	code = strings.TrimSpace(code)
	sys := authz.System(ctx)
	var other *ent.Participant
	if code != "" && len(code) <= MaxBadgeCode {
		other, err = db.Participant.Query().Where(participant.BadgeCode(code), participant.EventID(ev.ID)).
			WithBuyer().WithProducer().Only(sys)
	}
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if other == nil {
		return nil, &apperr.Error{Code: apperr.CodeNotFound, Message: "no badge with this code at this event", Field: []string{"code"}, Format: "no badge with this code at this event"}
	}
	if other.ID == me.ID || other.ProducerID != nil && *other.ProducerID == *me.ProducerID {
		return nil, apperr.BadInput([]string{"code"}, "this is your own firm's badge")
	}
	card := contactOf(other)
	old, err := db.BadgeScan.Query().Where(badgescan.ScannerParticipantID(me.ID), badgescan.ScannedParticipantID(other.ID)).Only(sys)
	switch {
	case err == nil:
		return applyCard(old.Update(), card).Save(sys)
	case !ent.IsNotFound(err):
		return nil, err
	}
	c := db.BadgeScan.Create().SetEventID(ev.ID).SetProducerID(*me.ProducerID).SetScannerParticipantID(me.ID).
		SetScannedParticipantID(other.ID).SetScannedSide(other.Side).SetScannedAt(now)
	if card != nil {
		c.SetConsented(true).SetFirmName(card.firm).SetNillableCountry(card.country).SetNillableContactName(card.name).
			SetNillableContactEmail(card.email).SetNillableContactPhone(card.phone)
	}
	s, err := c.Save(sys)
	if ent.IsConstraintError(err) { // a concurrent scan of the same pair won
		return db.BadgeScan.Query().Where(badgescan.ScannerParticipantID(me.ID), badgescan.ScannedParticipantID(other.ID)).Only(sys)
	}
	return s, err
}

// card is the contact details a consenting participant shares.
type card struct {
	firm                        string
	country, name, email, phone *string
}

func some(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// contactOf is the participant's firm's card, nil without its consent.
func contactOf(p *ent.Participant) *card {
	if !p.BadgeConsent {
		return nil
	}
	switch {
	case p.Edges.Buyer != nil:
		b := p.Edges.Buyer
		return &card{firm: b.Company, country: some(b.Country), name: some(b.ContactName), email: some(b.ContactEmail), phone: some(b.ContactPhone)}
	case p.Edges.Producer != nil:
		pr := p.Edges.Producer
		return &card{firm: pr.Name, country: some("ID"), name: some(pr.ContactName), email: some(pr.ContactEmail), phone: some(pr.ContactPhone)}
	}
	return nil
}

func applyCard(u *ent.BadgeScanUpdateOne, c *card) *ent.BadgeScanUpdateOne {
	if c == nil {
		return u.SetConsented(false).ClearFirmName().ClearCountry().ClearContactName().ClearContactEmail().ClearContactPhone()
	}
	return u.SetConsented(true).SetFirmName(c.firm).SetNillableCountry(c.country).SetNillableContactName(c.name).
		SetNillableContactEmail(c.email).SetNillableContactPhone(c.phone)
}

// SetBadgeConsent sets whether exhibitors scanning the badge of the
// viewer's registration for the event receive its firm's contact details.
// Withdrawing it also clears the details from the scans already made.
func SetBadgeConsent(ctx context.Context, db *ent.Client, eventID int, consent bool) (*ent.Participant, error) {
	me, err := mine(ctx, db, eventID)
	if err != nil {
		return nil, err
	}
	p, err := me.Update().SetBadgeConsent(consent).Save(ctx)
	if err != nil {
		return nil, err
	}
	if !consent {
		sys := authz.System(ctx)
		if err := db.BadgeScan.Update().Where(badgescan.ScannedParticipantID(p.ID)).SetConsented(false).ClearFirmName().ClearCountry().
			ClearContactName().ClearContactEmail().ClearContactPhone().Exec(sys); err != nil {
			return nil, err
		}
	}
	return p, nil
}
