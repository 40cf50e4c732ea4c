package domain

import "io"

// WebhookScope is whose events a webhook endpoint receives.
type WebhookScope string

// Webhook scopes.
const (
	WebhookAccount WebhookScope = "ACCOUNT"
	WebhookFirm    WebhookScope = "FIRM"
)

// WebhookScopes is the table of the webhook scopes.
var WebhookScopes = newTable[WebhookScope]("WebhookScope", "Whose events a webhook endpoint receives.",
	v("ACCOUNT", "The notifications of the account that created the endpoint.", "My account", "Akun saya"),
	v("FIRM", "The notifications of the producer or buyer the creator acts for, once per event whichever member it reaches.", "My firm", "Perusahaan saya"),
)

// Values lists the valid webhook scopes.
func (WebhookScope) Values() []string { return WebhookScopes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e WebhookScope) MarshalGQL(w io.Writer) { WebhookScopes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *WebhookScope) UnmarshalGQL(v any) error { return WebhookScopes.Unmarshal(v, e) }

// WebhookDeliveryState is where the delivery of one event to one endpoint
// stands.
type WebhookDeliveryState string

// Webhook delivery states.
const (
	WebhookPending   WebhookDeliveryState = "PENDING"
	WebhookDelivered WebhookDeliveryState = "DELIVERED"
	WebhookFailed    WebhookDeliveryState = "FAILED"
)

// WebhookDeliveryStates is the table of the webhook delivery states.
var WebhookDeliveryStates = newTable[WebhookDeliveryState]("WebhookDeliveryState", "Where the delivery of one event to one endpoint stands.",
	v("PENDING", "Not yet answered with a 2xx status; retried with exponential backoff.", "Pending", "Menunggu"),
	v("DELIVERED", "The endpoint answered with a 2xx status.", "Delivered", "Terkirim"),
	v("FAILED", "Given up after the retry window (24 hours by default); the endpoint was disabled.", "Failed", "Gagal"),
)

// Values lists the valid delivery states.
func (WebhookDeliveryState) Values() []string { return WebhookDeliveryStates.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e WebhookDeliveryState) MarshalGQL(w io.Writer) { WebhookDeliveryStates.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *WebhookDeliveryState) UnmarshalGQL(v any) error {
	return WebhookDeliveryStates.Unmarshal(v, e)
}
