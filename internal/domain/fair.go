package domain

import "io"

// EventStatus is the stage of a fair (see internal/fair for what each allows).
type EventStatus string

// Event statuses.
const (
	EventDraft   EventStatus = "DRAFT"
	EventOpen    EventStatus = "OPEN"
	EventRunning EventStatus = "RUNNING"
	EventClosed  EventStatus = "CLOSED"
)

// EventStatuses is the table of the event statuses.
var EventStatuses = newTable[EventStatus]("EventStatus", "The stage of a fair.",
	v("DRAFT", "Being prepared by the trade office; seen by the office only.", "Draft", "Draf"),
	v("OPEN", "Open for registration and meeting requests.", "Open", "Dibuka"),
	v("RUNNING", "Taking place: meetings are held, requested and rescheduled.", "Running", "Berlangsung"),
	v("CLOSED", "Over: no more registrations, requests or bookings; outcomes may still be recorded.", "Closed", "Ditutup"),
)

// Values lists the valid event statuses.
func (EventStatus) Values() []string { return EventStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e EventStatus) MarshalGQL(w io.Writer) { EventStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *EventStatus) UnmarshalGQL(v any) error { return EventStatuses.Unmarshal(v, e) }

// BoothCategory is the kind of exhibitor at a booth (the categories of
// Lamongan Exportiva).
type BoothCategory string

// Booth categories.
const (
	BoothExporter        BoothCategory = "EXPORTER"
	BoothSME             BoothCategory = "SME"
	BoothExportService   BoothCategory = "EXPORT_SERVICE"
	BoothBank            BoothCategory = "BANK"
	BoothNationalCompany BoothCategory = "NATIONAL_COMPANY"
	BoothFood            BoothCategory = "FOOD"
)

// BoothCategories is the table of the booth categories.
var BoothCategories = newTable[BoothCategory]("BoothCategory", "The kind of exhibitor at a booth.",
	v("EXPORTER", "An exporting firm.", "Exporter", "Eksportir"),
	v("SME", "A small or medium enterprise moving up (UMKM naik kelas).", "SME moving up", "UMKM naik kelas"),
	v("EXPORT_SERVICE", "Export and P3DN services (customs, quarantine, logistics, trade office).", "Export service", "Layanan ekspor dan P3DN"),
	v("BANK", "A bank (export financing).", "Bank", "Bank"),
	v("NATIONAL_COMPANY", "A national (state or large private) company.", "National company", "Perusahaan nasional"),
	v("FOOD", "A food stall.", "Food stall", "Stan kuliner"),
)

// Values lists the valid booth categories.
func (BoothCategory) Values() []string { return BoothCategories.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e BoothCategory) MarshalGQL(w io.Writer) { BoothCategories.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *BoothCategory) UnmarshalGQL(v any) error { return BoothCategories.Unmarshal(v, e) }

// AttendanceMode is how a participant takes part in a fair.
type AttendanceMode string

// Attendance modes.
const (
	AttendOnSite AttendanceMode = "ON_SITE"
	AttendOnline AttendanceMode = "ONLINE"
)

// AttendanceModes is the table of the attendance modes.
var AttendanceModes = newTable[AttendanceMode]("AttendanceMode", "How a participant takes part in a fair.",
	v("ON_SITE", "At the venue.", "On site", "Di lokasi"),
	v("ONLINE", "Remotely, by video call.", "Online", "Daring"),
)

// Values lists the valid attendance modes.
func (AttendanceMode) Values() []string { return AttendanceModes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e AttendanceMode) MarshalGQL(w io.Writer) { AttendanceModes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *AttendanceMode) UnmarshalGQL(v any) error { return AttendanceModes.Unmarshal(v, e) }

// MeetingStatus is the state of a meeting request; see internal/fair for its
// transitions.
type MeetingStatus string

// Meeting statuses.
const (
	MeetingRequested MeetingStatus = "REQUESTED"
	MeetingProposed  MeetingStatus = "PROPOSED"
	MeetingAccepted  MeetingStatus = "ACCEPTED"
	MeetingDeclined  MeetingStatus = "DECLINED"
	MeetingCancelled MeetingStatus = "CANCELLED"
)

// MeetingStatuses is the table of the meeting statuses.
var MeetingStatuses = newTable[MeetingStatus]("MeetingStatus", "The state of a meeting request.",
	v("REQUESTED", "Asked by one side; awaits the other's answer.", "Requested", "Diminta"),
	v("PROPOSED", "The side asked proposed another slot; awaits the requester's answer.", "Other slot proposed", "Jadwal lain diusulkan"),
	v("ACCEPTED", "Accepted: booked at a slot (or waiting for the organiser's scheduler when it has none yet).", "Accepted", "Diterima"),
	v("DECLINED", "Declined, with a reason (final).", "Declined", "Ditolak"),
	v("CANCELLED", "Cancelled by a side after it was asked or booked (final).", "Cancelled", "Dibatalkan"),
)

// Values lists the valid meeting statuses.
func (MeetingStatus) Values() []string { return MeetingStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e MeetingStatus) MarshalGQL(w io.Writer) { MeetingStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *MeetingStatus) UnmarshalGQL(v any) error { return MeetingStatuses.Unmarshal(v, e) }

// OutcomeType is what a meeting led to, as one side records it.
type OutcomeType string

// Outcome types.
const (
	OutcomeNoShow          OutcomeType = "NO_SHOW"
	OutcomeNotInterested   OutcomeType = "NOT_INTERESTED"
	OutcomeInterested      OutcomeType = "INTERESTED"
	OutcomeSampleRequested OutcomeType = "SAMPLE_REQUESTED"
	OutcomeQuoteRequested  OutcomeType = "QUOTE_REQUESTED"
	OutcomeDeal            OutcomeType = "DEAL"
)

// OutcomeTypes is the table of the outcome types.
var OutcomeTypes = newTable[OutcomeType]("OutcomeType", "What a fair meeting led to, as one side records it.",
	v("NO_SHOW", "The other side did not come.", "No-show", "Tidak hadir"),
	v("NOT_INTERESTED", "Met; no interest.", "Not interested", "Tidak berminat"),
	v("INTERESTED", "Met; interest to follow up.", "Interested", "Berminat"),
	v("SAMPLE_REQUESTED", "A sample was asked for.", "Sample requested", "Sampel diminta"),
	v("QUOTE_REQUESTED", "A quote was asked for.", "Quote requested", "Penawaran diminta"),
	v("DEAL", "A deal was agreed (volume, value, destination, shipment month).", "Deal", "Kesepakatan"),
)

// Values lists the valid outcome types.
func (OutcomeType) Values() []string { return OutcomeTypes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e OutcomeType) MarshalGQL(w io.Writer) { OutcomeTypes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *OutcomeType) UnmarshalGQL(v any) error { return OutcomeTypes.Unmarshal(v, e) }
