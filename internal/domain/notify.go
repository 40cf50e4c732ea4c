package domain

import "io"

// NotificationKind is what a notification tells.
type NotificationKind string

// Notification kinds.
const (
	NotifyNewLead         NotificationKind = "NEW_LEAD"
	NotifyInquiryReceived NotificationKind = "INQUIRY_RECEIVED"
	NotifyMessageReceived NotificationKind = "MESSAGE_RECEIVED"
	NotifyQuoteReceived   NotificationKind = "QUOTE_RECEIVED"
	NotifyQuoteAccepted   NotificationKind = "QUOTE_ACCEPTED"
	NotifyQuoteDeclined   NotificationKind = "QUOTE_DECLINED"
	NotifyWebhookDisabled NotificationKind = "WEBHOOK_DISABLED"
	// The firm's verification (internal/trust): recorded, withdrawn,
	// about to run out, run out.
	NotifyVerificationGranted  NotificationKind = "VERIFICATION_GRANTED"
	NotifyVerificationRevoked  NotificationKind = "VERIFICATION_REVOKED"
	NotifyVerificationExpiring NotificationKind = "VERIFICATION_EXPIRING"
	NotifyVerificationExpired  NotificationKind = "VERIFICATION_EXPIRED"
	NotifyReportResolved       NotificationKind = "REPORT_RESOLVED"
	NotifyWarned               NotificationKind = "WARNING"
	NotifyContentHidden        NotificationKind = "CONTENT_HIDDEN"
	// Fair meetings (internal/fair): to the other party, or to both when
	// the trade office (or its scheduler) made the change.
	NotifyMeetingRequested   NotificationKind = "MEETING_REQUESTED"
	NotifyMeetingProposed    NotificationKind = "MEETING_PROPOSED"
	NotifyMeetingAccepted    NotificationKind = "MEETING_ACCEPTED"
	NotifyMeetingDeclined    NotificationKind = "MEETING_DECLINED"
	NotifyMeetingScheduled   NotificationKind = "MEETING_SCHEDULED"
	NotifyMeetingRescheduled NotificationKind = "MEETING_RESCHEDULED"
	NotifyMeetingCancelled   NotificationKind = "MEETING_CANCELLED"
)

// NotificationKinds is the table of the notification kinds.
var NotificationKinds = newTable[NotificationKind]("NotificationKind", "What a notification tells.",
	v("NEW_LEAD", "A new buy request fits the producer's products (a lead).", "New lead", "Prospek baru"),
	v("INQUIRY_RECEIVED", "A buyer opened an inquiry with the producer.", "Inquiry received", "Pertanyaan diterima"),
	v("MESSAGE_RECEIVED", "The other side wrote on an inquiry thread.", "Message received", "Pesan diterima"),
	v("QUOTE_RECEIVED", "The producer sent a quote on an inquiry.", "Quote received", "Penawaran diterima"),
	v("QUOTE_ACCEPTED", "The buyer accepted the producer's quote.", "Quote accepted", "Penawaran diterima pembeli"),
	v("QUOTE_DECLINED", "The buyer declined the producer's quote.", "Quote declined", "Penawaran ditolak"),
	v("WEBHOOK_DISABLED", "One of the account's (or its firm's) webhook endpoints was disabled after its deliveries kept failing.", "Webhook disabled", "Webhook dinonaktifkan"),
	v("VERIFICATION_GRANTED", "The trade office recorded a verification of the firm (its scopes and expiry are in the subject).", "Verification granted", "Verifikasi diberikan"),
	v("VERIFICATION_REVOKED", "The trade office revoked one of the firm's verifications (the reason is in the subject).", "Verification revoked", "Verifikasi dicabut"),
	v("VERIFICATION_EXPIRING", "The firm's verification runs out within 30 days (sent once per expiry date); ask the trade office to renew it.", "Verification expiring", "Verifikasi akan berakhir"),
	v("VERIFICATION_EXPIRED", "The firm's verification ran out: it no longer counts as verified in the catalog and in matching.", "Verification expired", "Verifikasi berakhir"),
	v("REPORT_RESOLVED", "The trade office decided on a report the account filed (myReports shows the action).", "Report resolved", "Laporan ditangani"),
	v("WARNING", "The trade office warned the account's firm after a report; the note says why.", "Warning from the trade office", "Peringatan dari kantor perdagangan"),
	v("CONTENT_HIDDEN", "The trade office hid one of the firm's products, buy requests or messages after a report.", "Content hidden", "Konten disembunyikan"),
	v("MEETING_REQUESTED", "A firm at a fair asked the account's firm for a meeting (the subject names the event and the slot asked for).", "Meeting requested", "Permintaan pertemuan"),
	v("MEETING_PROPOSED", "The firm asked for a meeting proposed another slot (in the subject, in the event's time zone).", "Another slot proposed", "Waktu lain diusulkan"),
	v("MEETING_ACCEPTED", "The other firm (or the trade office) accepted the meeting or the slot proposed.", "Meeting accepted", "Pertemuan diterima"),
	v("MEETING_DECLINED", "The other firm (or the trade office) declined the meeting; the reason is in the subject.", "Meeting declined", "Pertemuan ditolak"),
	v("MEETING_SCHEDULED", "The trade office's scheduler (scheduleEvent) placed an accepted meeting in a slot.", "Meeting scheduled", "Pertemuan dijadwalkan"),
	v("MEETING_RESCHEDULED", "A booked meeting moved to another slot (the new one is in the subject).", "Meeting rescheduled", "Pertemuan dijadwalkan ulang"),
	v("MEETING_CANCELLED", "The other firm (or the trade office) cancelled the meeting; the reason is in the subject.", "Meeting cancelled", "Pertemuan dibatalkan"),
)

// Values lists the valid notification kinds.
func (NotificationKind) Values() []string { return NotificationKinds.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e NotificationKind) MarshalGQL(w io.Writer) { NotificationKinds.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *NotificationKind) UnmarshalGQL(v any) error { return NotificationKinds.Unmarshal(v, e) }

// EmailDelivery is when an account hears of a kind of notification by e-mail.
type EmailDelivery string

// E-mail deliveries.
const (
	DeliverImmediately EmailDelivery = "IMMEDIATELY"
	DeliverDaily       EmailDelivery = "DAILY_DIGEST"
	DeliverOff         EmailDelivery = "OFF"
)

// EmailDeliveries is the table of the e-mail deliveries.
var EmailDeliveries = newTable[EmailDelivery]("EmailDelivery", "When a kind of notification is also sent by e-mail.",
	v("IMMEDIATELY", "One e-mail per notification, within a minute.", "Immediately", "Segera"),
	v("DAILY_DIGEST", "Collected into one e-mail a day (--digest-hour).", "Daily digest", "Ringkasan harian"),
	v("OFF", "No e-mail; the notification stays in the in-app list.", "Off", "Mati"),
)

// Values lists the valid deliveries.
func (EmailDelivery) Values() []string { return EmailDeliveries.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e EmailDelivery) MarshalGQL(w io.Writer) { EmailDeliveries.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *EmailDelivery) UnmarshalGQL(v any) error { return EmailDeliveries.Unmarshal(v, e) }

// DefaultDelivery is the delivery of a kind the account has not chosen: leads
// in the daily digest, the rest of a negotiation at once.
func DefaultDelivery(k NotificationKind) EmailDelivery {
	if k == NotifyNewLead {
		return DeliverDaily
	}
	return DeliverImmediately
}

// FirmRole is an account's role within its producer or buyer.
type FirmRole string

// Firm roles.
const (
	FirmOwner FirmRole = "OWNER"
	FirmStaff FirmRole = "STAFF"
)

// FirmRoles is the table of the firm roles.
var FirmRoles = newTable[FirmRole]("FirmRole", "An account's role within its producer or buyer.",
	v("OWNER", "Manages the team (invites and removes members) and acts for the firm.", "Owner", "Pemilik"),
	v("STAFF", "Acts for the firm (catalog, inquiries, quotes); cannot manage the team.", "Staff", "Staf"),
)

// Values lists the valid firm roles.
func (FirmRole) Values() []string { return FirmRoles.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e FirmRole) MarshalGQL(w io.Writer) { FirmRoles.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *FirmRole) UnmarshalGQL(v any) error { return FirmRoles.Unmarshal(v, e) }
