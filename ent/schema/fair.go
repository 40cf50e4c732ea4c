package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/money"
	"github.com/exportiva/exportiva/internal/validate"
)

// The fair (issue 14): events with booths, participants validated by the
// organiser, meeting requests booked into slots, and what each meeting led to.
// The rules live in internal/fair; the privacy rules in internal/authz.

// Event is a trade fair the trade office runs (Lamongan Exportiva).
type Event struct {
	ent.Schema
}

// Mixin of the Event.
func (Event) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).
			Comment("Name of the fair (e.g. Lamongan Exportiva 2024)."),
		field.String("venue").NotEmpty().MaxLen(200).
			Comment("Where it takes place (e.g. Lamongan Sport Center)."),
		field.String("time_zone").Default("Asia/Jakarta").MaxLen(64).
			Comment("IANA time zone of the venue; days and sessions are read in it."),
		field.String("first_day").MaxLen(10).
			Comment("First day of the fair, YYYY-MM-DD in the event's time zone."),
		field.String("last_day").MaxLen(10).
			Comment("Last day of the fair, YYYY-MM-DD in the event's time zone."),
		field.JSON("sessions", []string{}).
			Comment("Meeting sessions of every day, local times HH:MM-HH:MM (e.g. 09:00-12:00 and 13:30-16:00); the time between two sessions is a break.").
			Annotations(entgql.Type("[String!]")),
		field.Int("meeting_minutes").Default(30).Range(10, 120).
			Comment("Length of one meeting in minutes (20 to 30 usual, 30 by default)."),
		field.Int("buffer_minutes").Default(0).Range(0, 60).
			Comment("Pause between two consecutive meetings in minutes: slots start every meetingMinutes + bufferMinutes from a session's start."),
		field.Int("tables").Default(0).Range(0, 1000).
			Comment("Number of free meeting tables (numbered 1 to tables) besides the booths."),
		field.Int("max_pending_requests").Default(20).Range(1, 500).
			Comment("How many unanswered meeting requests one participant may have sent at once (spam limit)."),
		field.Time("registration_opens").Optional().Nillable().
			Comment("When registration opens (none: as soon as the event is open)."),
		field.Time("registration_closes").Optional().Nillable().
			Comment("When registration closes (none: until the event is closed)."),
		field.Enum("status").GoType(domain.EventStatus("")).Default(string(domain.EventDraft)).
			Comment("Stage of the event: DRAFT (office only), OPEN, RUNNING, CLOSED.").
			Annotations(entgql.Type("EventStatus")),
	}
}

// Edges of the Event.
func (Event) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("booths", Booth.Type).Comment("The booths of the fair.").
			Annotations(entgql.RelayConnection()),
		edge.To("participants", Participant.Type).Comment("Registered participants the viewer may see: its own, and validated ones once it is validated itself.").
			Annotations(entgql.RelayConnection()),
		edge.To("meetings", Meeting.Type).Comment("Meetings the viewer takes part in (only the two parties see a meeting).").
			Annotations(entgql.RelayConnection()),
		edge.To("badge_scans", BadgeScan.Type).Comment("Badges scanned at the fair (leads): an exhibitor sees its own scans, the trade office all; others none.").
			Annotations(entgql.RelayConnection(), entsql.OnDelete(entsql.Cascade)),
	}
}

// Annotations of the Event.
func (Event) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description("Trade fairs: open, running and closed ones for everyone, drafts for the trade office."),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("A trade fair the trade office runs: venue, days, meeting sessions, tables."),
	}
}

// Booth is a stand at a fair, of a producer or an organisation.
type Booth struct {
	ent.Schema
}

// Fields of the Booth.
func (Booth) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable().Comment("The fair."),
		field.String("number").NotEmpty().MaxLen(20).Comment("Booth number (e.g. A-12)."),
		field.String("hall").Optional().MaxLen(60).Comment("Hall or area."),
		field.String("size").Optional().MaxLen(20).Comment("Size (e.g. 3x3 m).").Annotations(noFilter()),
		field.Enum("category").GoType(domain.BoothCategory("")).
			Comment("Kind of exhibitor.").Annotations(entgql.Type("BoothCategory")),
		field.Int("producer_id").Optional().Nillable().Comment("The producer at the booth, if it is one."),
		field.String("organisation").Optional().MaxLen(200).
			Comment("The organisation at the booth when it is not a producer (a bank, an export service)."),
		field.String("pitch_english").Optional().MaxLen(500).Comment("Short pitch in English.").Annotations(noFilter()),
		field.String("pitch_indonesian").Optional().MaxLen(500).Comment("Short pitch in Indonesian.").Annotations(noFilter()),
	}
}

// Edges of the Booth.
func (Booth) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).Ref("booths").Field("event_id").Unique().Required().Immutable(),
		edge.To("producer", Producer.Type).Field("producer_id").Unique().Comment("The producer at the booth."),
	}
}

// Indexes of the Booth.
func (Booth) Indexes() []ent.Index {
	return []ent.Index{index.Fields("event_id", "number").Unique(), index.Fields("producer_id")}
}

// Annotations of the Booth.
func (Booth) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		schema.Comment("A stand at a fair: number, hall, category, the producer or organisation at it, a pitch in both languages."),
	}
}

// Participant is a producer or a buyer registered for a fair.
type Participant struct {
	ent.Schema
}

// Fields of the Participant.
func (Participant) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable().Comment("The fair."),
		field.Enum("side").GoType(domain.Party("")).Immutable().
			Comment("BUYER or PRODUCER.").Annotations(entgql.Type("Party")),
		field.Int("producer_id").Optional().Nillable().Immutable().Comment("The producer registered (side PRODUCER)."),
		field.Int("buyer_id").Optional().Nillable().Immutable().Comment("The buyer registered (side BUYER)."),
		field.Int("account_id").Immutable().Comment("The account that registered.").Annotations(skipGQL()),
		field.Enum("mode").GoType(domain.AttendanceMode("")).Default(string(domain.AttendOnSite)).
			Comment("On site or online.").Annotations(entgql.Type("AttendanceMode")),
		field.Bool("validated").Default(false).
			Comment("Whether the organiser checked the participant; others see and book validated participants only."),
		field.Time("validated_at").Optional().Nillable().Comment("When the organiser validated it.").Annotations(skipGQL()),
		field.String("badge_code").Sensitive().Unique().Immutable().Comment("Code on the participant's badge, scanned for lead capture.").Annotations(skipGQL()),
		field.Bool("badge_consent").Default(false).
			Comment("Whether the participant agrees that exhibitors scanning its badge receive its firm's contact details (set with setBadgeConsent; off by default: a scan then records only that it happened)."),
		field.String("agenda_token").Sensitive().Unique().Immutable().Comment("Secret of the participant's iCalendar feed URL.").Annotations(skipGQL()),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When it registered."),
	}
}

// Edges of the Participant.
func (Participant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).Ref("participants").Field("event_id").Unique().Required().Immutable(),
		edge.To("producer", Producer.Type).Field("producer_id").Unique().Immutable().Comment("The producer registered."),
		edge.To("buyer", Buyer.Type).Field("buyer_id").Unique().Immutable().Comment("The buyer registered."),
		edge.To("blocks", AvailabilityBlock.Type).Comment("Times the participant blocked (no meetings then).").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Participant.
func (Participant) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("event_id", "producer_id").Unique(),
		index.Fields("event_id", "buyer_id").Unique(),
	}
}

// Annotations of the Participant.
func (Participant) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("A producer or buyer registered for a fair, validated by the organiser before others can see or book it."),
	}
}

// AvailabilityBlock is a time a participant is not available for meetings.
type AvailabilityBlock struct {
	ent.Schema
}

// Fields of the AvailabilityBlock.
func (AvailabilityBlock) Fields() []ent.Field {
	return []ent.Field{
		field.Int("participant_id").Immutable().Comment("The participant."),
		field.Time("starts_at").Immutable().Comment("Start of the blocked time."),
		field.Time("ends_at").Immutable().Comment("End of the blocked time."),
	}
}

// Edges of the AvailabilityBlock.
func (AvailabilityBlock) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("participant", Participant.Type).Ref("blocks").Field("participant_id").Unique().Required().Immutable(),
	}
}

// Annotations of the AvailabilityBlock.
func (AvailabilityBlock) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("A time a participant blocked: no meeting is booked for it then."),
	}
}

// Meeting is a meeting request between a buyer and a producer at a fair and,
// once accepted, the booked meeting.
type Meeting struct {
	ent.Schema
}

// Fields of the Meeting.
func (Meeting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable().Comment("The fair."),
		field.Int("buyer_participant_id").Immutable().Comment("The buyer's registration."),
		field.Int("producer_participant_id").Immutable().Comment("The producer's registration."),
		field.Int("buyer_id").Immutable().Comment("The buyer."),
		field.Int("producer_id").Immutable().Comment("The producer."),
		field.Enum("requested_by").GoType(domain.Party("")).Immutable().
			Comment("The side that asked for the meeting.").Annotations(entgql.Type("Party")),
		field.String("message").Optional().MaxLen(2000).Immutable().
			Comment("The requester's message (seen by the two parties only).").Annotations(noFilter()),
		field.Int("product_id").Optional().Nillable().Immutable().Comment("Topic: a product."),
		field.Int("buy_request_id").Optional().Nillable().Immutable().Comment("Topic: a buy request."),
		field.Enum("status").GoType(domain.MeetingStatus("")).Default(string(domain.MeetingRequested)).
			Comment("State of the request.").Annotations(entgql.Type("MeetingStatus")),
		field.Time("slot_start").Optional().Nillable().
			Comment("Start of the booked slot (accepted meetings; none while it waits for the scheduler)."),
		field.Time("proposed_start").Optional().Nillable().
			Comment("The slot asked for (by the requester) or proposed (by the other side)."),
		field.Int("booth_id").Optional().Nillable().Comment("The booth where it takes place (the producer's)."),
		field.Int("table_number").Optional().Nillable().Comment("The free table where it takes place, when the producer has no booth."),
		field.String("decline_reason").Optional().MaxLen(500).Comment("Why it was declined or cancelled.").Annotations(noFilter()),
		field.Enum("no_show").GoType(domain.Party("")).Optional().Nillable().
			Comment("The side that did not come, as marked by the other.").Annotations(entgql.Type("Party")),
		field.Int("score").Default(0).Range(0, 100).
			Comment("Match score of the pair (0 to 100), the scheduler's priority."),
		field.Int("inquiry_id").Optional().Nillable().Comment("The inquiry a follow-up opened."),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When it was requested."),
		field.Time("responded_at").Optional().Nillable().Comment("When the other side first answered."),
	}
}

// Edges of the Meeting.
func (Meeting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).Ref("meetings").Field("event_id").Unique().Required().Immutable(),
		edge.To("buyer_participant", Participant.Type).Field("buyer_participant_id").Unique().Required().Immutable().Annotations(skipGQL()),
		edge.To("producer_participant", Participant.Type).Field("producer_participant_id").Unique().Required().Immutable().Annotations(skipGQL()),
		edge.To("buyer", Buyer.Type).Field("buyer_id").Unique().Required().Immutable().Comment("The buyer."),
		edge.To("producer", Producer.Type).Field("producer_id").Unique().Required().Immutable().Comment("The producer."),
		edge.To("product", Product.Type).Field("product_id").Unique().Immutable().Comment("Topic: a product."),
		edge.To("buy_request", BuyRequest.Type).Field("buy_request_id").Unique().Immutable().Comment("Topic: a buy request."),
		edge.To("booth", Booth.Type).Field("booth_id").Unique().Comment("The booth where it takes place."),
		edge.To("inquiry", Inquiry.Type).Field("inquiry_id").Unique().Comment("The inquiry a follow-up opened."),
		edge.To("outcomes", Outcome.Type).Comment("What each side recorded after the meeting (each side sees its own).").
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("slots", MeetingSlot.Type).Annotations(entsql.OnDelete(entsql.Cascade), skipGQL()),
		edge.To("notifications", Notification.Type).Annotations(skipGQL()),
	}
}

// Indexes of the Meeting.
func (Meeting) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("event_id", "status"),
		index.Fields("buyer_participant_id", "status"),
		index.Fields("producer_participant_id", "status"),
		index.Fields("buyer_id"),
		index.Fields("producer_id"),
	}
}

// Annotations of the Meeting.
func (Meeting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("A meeting request between a buyer and a producer at a fair and, once accepted, the booked meeting: only the two parties see it."),
	}
}

// MeetingSlot is one resource a booked meeting occupies at its slot: each of
// the two participants ("p:<id>") and its place ("b:<booth id>" or
// "t:<table number>"). The unique index on (event, slot, resource) is what
// makes double booking impossible, whatever the code above it does.
type MeetingSlot struct {
	ent.Schema
}

// Fields of the MeetingSlot.
func (MeetingSlot) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable(),
		field.Int64("slot").Immutable().Comment("Start of the slot in Unix seconds."),
		field.String("resource").NotEmpty().MaxLen(40).Immutable(),
		field.Int("meeting_id").Immutable(),
	}
}

// Edges of the MeetingSlot.
func (MeetingSlot) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Ref("slots").Field("meeting_id").Unique().Required().Immutable(),
	}
}

// Indexes of the MeetingSlot.
func (MeetingSlot) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("event_id", "slot", "resource").Unique(),
		index.Fields("meeting_id"),
	}
}

// Annotations of the MeetingSlot.
func (MeetingSlot) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Outcome is what one side of a meeting recorded after it.
type Outcome struct {
	ent.Schema
}

// Fields of the Outcome.
func (Outcome) Fields() []ent.Field {
	return []ent.Field{
		field.Int("meeting_id").Immutable().Comment("The meeting."),
		field.Enum("party").GoType(domain.Party("")).Immutable().
			Comment("The side that recorded it.").Annotations(entgql.Type("Party")),
		field.Int("buyer_id").Immutable().Comment("The meeting's buyer.").Annotations(skipGQL()),
		field.Int("producer_id").Immutable().Comment("The meeting's producer.").Annotations(skipGQL()),
		field.Enum("type").GoType(domain.OutcomeType("")).
			Comment("What the meeting led to.").Annotations(entgql.Type("OutcomeType")),
		field.Float("volume_kg").Optional().Nillable().Validate(validate.Quantity).
			Comment("Deal: volume agreed, in kilograms."),
		field.Int64("value").GoType(money.Amount(0)).Optional().Nillable().
			Validate(func(v int64) error { return validate.ExportValue(money.Amount(v)) }).
			Comment("Deal: declared value.").Annotations(entgql.Type("Decimal")),
		field.String("currency").Optional().Nillable().Validate(validate.Currency).
			Comment("Deal: ISO 4217 currency of the value."),
		field.String("destination_country").Optional().Nillable().Validate(validate.Country).
			Comment("Deal: ISO 3166-1 alpha-2 destination."),
		field.String("hs_code").Optional().Nillable().Validate(validate.HSCode).
			Comment("Deal: HS code of the goods."),
		field.String("hs_chapter").Optional().Nillable().Comment("Deal: HS chapter (the code's first two digits).").
			Annotations(derived()),
		field.String("shipment_month").Optional().Nillable().MaxLen(7).
			Comment("Deal: expected shipment month, YYYY-MM."),
		field.String("note").Optional().MaxLen(1000).Comment("A note for the side's own records.").Annotations(noFilter()),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When it was recorded."),
	}
}

// Edges of the Outcome.
func (Outcome) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Ref("outcomes").Field("meeting_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Outcome.
func (Outcome) Indexes() []ent.Index {
	return []ent.Index{index.Fields("meeting_id", "party").Unique()}
}

// Annotations of the Outcome.
func (Outcome) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipOrderField),
		schema.Comment("What one side of a fair meeting recorded after it: no-show, interest, sample, quote, or a deal with its volume, value and destination."),
	}
}

// BadgeScan is a lead captured at a fair: an exhibitor (a validated
// producer participant) scanned another participant's badge. The scanned
// firm's contact details are copied onto the scan only when the participant
// consented (Participant.badge_consent) and cleared when it withdraws.
// Written by internal/fair under authz.System after its checks.
type BadgeScan struct {
	ent.Schema
}

// Fields of the BadgeScan.
func (BadgeScan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable().Comment("The fair.").Annotations(skipGQL()),
		field.Int("producer_id").Immutable().Comment("The scanning exhibitor's producer.").Annotations(skipGQL()),
		field.Int("scanner_participant_id").Immutable().Comment("The scanning exhibitor's registration.").Annotations(skipGQL()),
		field.Int("scanned_participant_id").Immutable().Comment("The participant whose badge was scanned.").Annotations(skipGQL()),
		field.Enum("scanned_side").GoType(domain.Party("")).Immutable().
			Comment("Whether a buyer or a producer was scanned.").Annotations(entgql.Type("Party")),
		field.Time("scanned_at").Immutable().Comment("When the badge was first scanned.").
			Annotations(entgql.OrderField("SCANNED_AT")),
		field.Bool("consented").Default(false).
			Comment("Whether the scanned participant consents to share its contact details (the fields below are null otherwise)."),
		field.String("firm_name").Optional().Nillable().MaxLen(200).Comment("The scanned firm's name, with consent."),
		field.String("country").Optional().Nillable().MaxLen(2).Comment("The scanned firm's country (ISO 3166-1 alpha-2), with consent."),
		field.String("contact_name").Optional().Nillable().MaxLen(200).Comment("The scanned firm's contact person, with consent."),
		field.String("contact_email").Optional().Nillable().MaxLen(254).Comment("The scanned firm's contact e-mail, with consent."),
		field.String("contact_phone").Optional().Nillable().MaxLen(40).Comment("The scanned firm's contact phone, with consent."),
	}
}

// Edges of the BadgeScan.
func (BadgeScan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).Ref("badge_scans").Field("event_id").Unique().Required().Immutable().Annotations(skipGQL()),
	}
}

// Indexes of the BadgeScan.
func (BadgeScan) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("scanner_participant_id", "scanned_participant_id").Unique(),
		index.Fields("event_id", "producer_id"),
		index.Fields("scanned_participant_id"),
	}
}

// Annotations of the BadgeScan.
func (BadgeScan) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		schema.Comment("A lead captured at a fair: an exhibitor scanned a participant's badge. Contact details only with the participant's consent; seen by the scanning firm and the trade office."),
	}
}
