package domain

import (
	"io"
	"time"
)

// VerificationScope is one thing the trade office checked when it verified a
// producer or a buyer.
type VerificationScope string

// Verification scopes.
const (
	ScopeIdentity           VerificationScope = "IDENTITY"
	ScopeBusinessLicence    VerificationScope = "BUSINESS_LICENCE"
	ScopeSiteVisit          VerificationScope = "SITE_VISIT"
	ScopeExportRegistration VerificationScope = "EXPORT_REGISTRATION"
	ScopeCertificates       VerificationScope = "CERTIFICATES_CHECKED"
	ScopeImporterLicence    VerificationScope = "IMPORTER_LICENCE"
)

// VerificationScopes is the table of the verification scopes.
var VerificationScopes = newTable[VerificationScope]("VerificationScope", "One thing the trade office checked when it verified a firm.",
	v("IDENTITY", "The firm exists and the people acting for it are who they say (identity documents, deed of establishment).", "Identity checked", "Identitas diperiksa"),
	v("BUSINESS_LICENCE", "The business licence was checked: the NIB for Indonesian firms (micro firms may have none), the company registration abroad.", "Business licence checked", "Izin usaha (NIB) diperiksa"),
	v("SITE_VISIT", "An officer visited the plant or the office.", "Site visited", "Kunjungan lokasi"),
	v("EXPORT_REGISTRATION", "The firm's export registration (customs, exporter number) was checked.", "Export registration checked", "Registrasi ekspor diperiksa"),
	v("CERTIFICATES_CHECKED", "The certificate documents the firm lists were checked against their issuers.", "Certificates checked", "Dokumen sertifikat diperiksa"),
	v("IMPORTER_LICENCE", "For buyers: the import licence of the destination country was checked.", "Importer licence checked", "Izin impor diperiksa"),
)

// Values lists the valid verification scopes.
func (VerificationScope) Values() []string { return VerificationScopes.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e VerificationScope) MarshalGQL(w io.Writer) { VerificationScopes.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *VerificationScope) UnmarshalGQL(v any) error { return VerificationScopes.Unmarshal(v, e) }

// Verifier is who checked a firm.
type Verifier string

// Verifiers.
const (
	VerifierTradeOffice  Verifier = "TRADE_OFFICE"
	VerifierTradeAttache Verifier = "TRADE_ATTACHE"
	VerifierITPC         Verifier = "ITPC"
)

// Verifiers is the table of the verifiers.
var Verifiers = newTable[Verifier]("Verifier", "Who checked a firm.",
	v("TRADE_OFFICE", "The Lamongan trade office (Dinas Perindustrian dan Perdagangan).", "Trade office", "Dinas perdagangan"),
	v("TRADE_ATTACHE", "An Indonesian trade attaché at an embassy abroad (for foreign buyers).", "Trade attaché", "Atase perdagangan"),
	v("ITPC", "An Indonesian Trade Promotion Center abroad (for foreign buyers).", "ITPC", "ITPC"),
)

// Values lists the valid verifiers.
func (Verifier) Values() []string { return Verifiers.Strings() }

// MarshalGQL writes the value as a GraphQL enum value.
func (e Verifier) MarshalGQL(w io.Writer) { Verifiers.Marshal(w, e) }

// UnmarshalGQL reads a value from a GraphQL enum value.
func (e *Verifier) UnmarshalGQL(v any) error { return Verifiers.Unmarshal(v, e) }

// MaxVerifications bounds the verification records of one firm (revoked ones
// included), so that the Producer.verifications and Buyer.verifications lists
// are bounded: a yearly renewal for half a century.
const MaxVerifications = 50

// VerificationValidity is how long a verification holds when its grant names
// no expiry.
const VerificationValidity = 12 // months

// VerificationNotice is how long before its verification runs out a firm
// hears of it (VERIFICATION_EXPIRING; the NotificationKinds text says 30 days).
const VerificationNotice = 30 * 24 * time.Hour

// ScopeUntil is one scope a firm's unrevoked verifications cover and the
// latest expiry among them: what producers and buyers keep of their
// verification records, so that reading it costs no query.
type ScopeUntil struct {
	Scope VerificationScope `json:"scope"`
	Until time.Time         `json:"until"`
}

// ActiveScopes returns the scopes of s that hold at now.
func ActiveScopes(s []ScopeUntil, now time.Time) []VerificationScope {
	var out []VerificationScope
	for _, x := range s {
		if now.Before(x.Until) {
			out = append(out, x.Scope)
		}
	}
	return out
}

// VerifiedNow tells whether a firm counts as verified at now: its flag is
// set and its verification has not expired. A flag set before verification
// records existed (no until) holds for VerificationValidity months from
// verifiedAt.
func VerifiedNow(flag bool, until, verifiedAt *time.Time, now time.Time) bool {
	switch {
	case !flag:
		return false
	case until != nil:
		return now.Before(*until)
	case verifiedAt != nil:
		return now.Before(verifiedAt.AddDate(0, VerificationValidity, 0))
	}
	return true
}

// LegacyScopes are what a verified flag set before verification records
// existed stands for: the trade office checked the firm's identity and
// licences.
var LegacyScopes = []VerificationScope{ScopeIdentity, ScopeBusinessLicence}

// EffectiveScopes returns the scopes of a firm's verification that hold at
// now: none when it is not verified (VerifiedNow), LegacyScopes for a flag
// without records, else the unexpired scopes of its records.
func EffectiveScopes(flag bool, until, verifiedAt *time.Time, scopes []ScopeUntil, now time.Time) []VerificationScope {
	switch {
	case !VerifiedNow(flag, until, verifiedAt, now):
		return nil
	case len(scopes) == 0:
		return LegacyScopes
	}
	return ActiveScopes(scopes, now)
}
