package domain

import "io"

// ReportSubject is what kind of object a report is about.
type ReportSubject string

// Report subjects.
const (
	ReportProducer   ReportSubject = "PRODUCER"
	ReportBuyer      ReportSubject = "BUYER"
	ReportProduct    ReportSubject = "PRODUCT"
	ReportBuyRequest ReportSubject = "BUY_REQUEST"
	ReportMessage    ReportSubject = "MESSAGE"
)

// ReportSubjects is the table of the report subjects.
var ReportSubjects = newTable[ReportSubject]("ReportSubject", "What kind of object a report is about.",
	v("PRODUCER", "A producer firm (its accounts).", "Producer", "Produsen"),
	v("BUYER", "A buyer firm (its accounts).", "Buyer", "Pembeli"),
	v("PRODUCT", "A product of the catalog.", "Product", "Produk"),
	v("BUY_REQUEST", "A buy request (RFQ).", "Buy request", "Permintaan beli"),
	v("MESSAGE", "A message on an inquiry thread.", "Message", "Pesan"),
)

// Values lists the valid report subjects.
func (ReportSubject) Values() []string { return ReportSubjects.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ReportSubject) MarshalGQL(w io.Writer) { ReportSubjects.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ReportSubject) UnmarshalGQL(v any) error { return ReportSubjects.Unmarshal(v, e) }

// ReportReason is why a user reports an object.
type ReportReason string

// Report reasons.
const (
	ReasonSpam      ReportReason = "SPAM"
	ReasonFraud     ReportReason = "FRAUD"
	ReasonFake      ReportReason = "FAKE"
	ReasonOffensive ReportReason = "OFFENSIVE"
	ReasonOther     ReportReason = "OTHER"
)

// ReportReasons is the table of the report reasons.
var ReportReasons = newTable[ReportReason]("ReportReason", "Why a user reports an account, a product, a buy request or a message.",
	v("SPAM", "Unsolicited or repeated advertising, messages sent in bulk.", "Spam", "Spam"),
	v("FRAUD", "An attempt to cheat: fake purchase orders, changed bank details, advance-fee requests.", "Fraud", "Penipuan"),
	v("FAKE", "A firm, product or request that does not exist or is not what it claims.", "Fake", "Palsu"),
	v("OFFENSIVE", "Insulting, threatening or otherwise offensive content.", "Offensive", "Menyinggung"),
	v("OTHER", "Anything else; say what in the note.", "Other", "Lainnya"),
)

// Values lists the valid report reasons.
func (ReportReason) Values() []string { return ReportReasons.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ReportReason) MarshalGQL(w io.Writer) { ReportReasons.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ReportReason) UnmarshalGQL(v any) error { return ReportReasons.Unmarshal(v, e) }

// ReportStatus is where a report stands in the trade office's queue.
type ReportStatus string

// Report statuses.
const (
	ReportOpen     ReportStatus = "OPEN"
	ReportResolved ReportStatus = "RESOLVED"
)

// ReportStatuses is the table of the report statuses.
var ReportStatuses = newTable[ReportStatus]("ReportStatus", "Where a report stands in the trade office's review queue.",
	v("OPEN", "Waiting for the trade office.", "Open", "Terbuka"),
	v("RESOLVED", "The trade office decided (see the action).", "Resolved", "Selesai"),
)

// Values lists the valid report statuses.
func (ReportStatus) Values() []string { return ReportStatuses.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ReportStatus) MarshalGQL(w io.Writer) { ReportStatuses.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ReportStatus) UnmarshalGQL(v any) error { return ReportStatuses.Unmarshal(v, e) }

// ReportAction is what the trade office did about a report.
type ReportAction string

// Report actions.
const (
	ActionWarn    ReportAction = "WARN"
	ActionHide    ReportAction = "HIDE"
	ActionSuspend ReportAction = "SUSPEND"
	ActionDismiss ReportAction = "DISMISS"
)

// ReportActions is the table of the report actions.
var ReportActions = newTable[ReportAction]("ReportAction", "What the trade office did about a report.",
	v("WARN", "The reported firm's accounts were sent a warning (the note tells them why).", "Warned", "Diperingatkan"),
	v("HIDE", "The product, buy request or message was hidden: only its owner and the trade office still see it.", "Hidden", "Disembunyikan"),
	v("SUSPEND", "Every account of the reported firm was suspended: no sign-in, tokens and websockets ended at once.", "Suspended", "Ditangguhkan"),
	v("DISMISS", "Nothing wrong was found.", "Dismissed", "Ditolak"),
)

// Values lists the valid report actions.
func (ReportAction) Values() []string { return ReportActions.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e ReportAction) MarshalGQL(w io.Writer) { ReportActions.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *ReportAction) UnmarshalGQL(v any) error { return ReportActions.Unmarshal(v, e) }
