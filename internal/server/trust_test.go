package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/authz"
)

// TestVerificationRecords: the trade office records what it checked, the
// firm counts as verified while a record stands, expiry and revocation undo
// it, and matching and leads read the scopes (HTTP, both backends).
func TestVerificationRecords(t *testing.T) {
	w := newWorld(t)
	admin := w.e.as(w.tokens["admin"])
	type firm struct {
		Node struct {
			Verified       bool
			VerifiedUntil  *time.Time
			VerifiedScopes []string
			Verifications  []struct {
				ID               string
				Scopes           []string
				Verifier         string
				VerifierName     string
				ExpiresAt        time.Time
				Active           bool
				Evidence         *string
				RevokedAt        *time.Time
				RevocationReason string
			}
		}
	}
	read := func(e *env, id string) firm {
		var out firm
		e.ok(`query($id: ID!) { node(id: $id) { ... on Producer { verified verifiedUntil verifiedScopes verifications { id scopes verifier verifierName expiresAt active evidence revokedAt revocationReason } }
			... on Buyer { verified verifiedUntil verifiedScopes verifications { id scopes verifier verifierName expiresAt active evidence revokedAt revocationReason } } } }`, map[string]any{"id": id}, &out)
		return out
	}
	grant := `mutation($in: GrantVerificationInput!) { grantVerification(input: $in) { verification { id active expiresAt } } }`
	verificationOf := func(e *env) (string, float64) {
		var out struct {
			Matches struct {
				Edges []struct {
					Node struct {
						Criteria []struct {
							Criterion, Status, Detail string
							Points                    float64
						}
					}
				}
			}
		}
		e.ok(`{ matches(first: 1, input: {query: "tengiri", quantity: {amount: 1, unit: TONNE}, destination: {country: "TH"}}) { edges { node { criteria { criterion status detail points } } } } }`, nil, &out)
		require.NotEmpty(t, out.Matches.Edges)
		for _, c := range out.Matches.Edges[0].Node.Criteria {
			if c.Criterion == "VERIFICATION" {
				return c.Status, c.Points
			}
		}
		t.Fatal("no VERIFICATION criterion")
		return "", 0
	}

	require.False(t, read(admin, w.prodA).Node.Verified)
	status, points := verificationOf(admin)
	require.Equal(t, "UNMET", status)
	require.Zero(t, points)

	// A site visit alone: verified, PARTIAL, 3 points; the default expiry is 12 months.
	var g struct {
		GrantVerification struct {
			Verification struct {
				ID        string
				Active    bool
				ExpiresAt time.Time
			}
		}
	}
	admin.ok(grant, map[string]any{"in": map[string]any{"firmID": w.prodA, "scopes": []string{"SITE_VISIT"}, "verifierName": "Disperindag Lamongan",
		"verifiedOn": now.Format(time.RFC3339), "evidence": "visit report 12/2026"}}, &g)
	require.True(t, g.GrantVerification.Verification.Active)
	require.Equal(t, now.AddDate(1, 0, 0), g.GrantVerification.Verification.ExpiresAt.UTC())
	p := read(admin, w.prodA).Node
	require.True(t, p.Verified)
	require.Equal(t, []string{"SITE_VISIT"}, p.VerifiedScopes)
	require.Len(t, p.Verifications, 1)
	require.Equal(t, "TRADE_OFFICE", p.Verifications[0].Verifier)
	require.Equal(t, "visit report 12/2026", *p.Verifications[0].Evidence)
	status, points = verificationOf(admin)
	require.Equal(t, "PARTIAL", status)
	require.InDelta(t, 3, points, 1e-9)

	// A buyer sees the scopes and the expiry, not the evidence.
	b := read(w.e.as(w.tokens["buyerA"]), w.prodA).Node
	require.True(t, b.Verified)
	require.Nil(t, b.Verifications[0].Evidence)
	require.Equal(t, now.AddDate(1, 0, 0), b.VerifiedUntil.UTC())

	// Identity and licence, checked by the office, on a record that expired: not counted.
	admin.ok(grant, map[string]any{"in": map[string]any{"firmID": w.prodA, "scopes": []string{"IDENTITY", "BUSINESS_LICENCE"},
		"verifiedOn": now.AddDate(-2, 0, 0).Format(time.RFC3339), "expiresAt": now.AddDate(-1, 0, 0).Format(time.RFC3339)}}, nil)
	require.Equal(t, []string{"SITE_VISIT"}, read(admin, w.prodA).Node.VerifiedScopes)
	// … and a standing one: MET, 13 points.
	var g2 struct {
		GrantVerification struct{ Verification struct{ ID string } }
	}
	admin.ok(grant, map[string]any{"in": map[string]any{"firmID": w.prodA, "scopes": []string{"IDENTITY", "BUSINESS_LICENCE", "IDENTITY"}}}, &g2)
	require.ElementsMatch(t, []string{"SITE_VISIT", "IDENTITY", "BUSINESS_LICENCE"}, read(admin, w.prodA).Node.VerifiedScopes)
	status, points = verificationOf(admin)
	require.Equal(t, "MET", status)
	require.InDelta(t, 13, points, 1e-9)

	// Revocation: the reason is kept, the scopes go; twice is CONFLICT.
	revoke := `mutation($id: ID!, $r: String!) { revokeVerification(id: $id, reason: $r) { verification { active revokedAt revocationReason } } }`
	admin.ok(revoke, map[string]any{"id": g2.GrantVerification.Verification.ID, "r": "the NIB belongs to another firm"}, nil)
	require.Equal(t, "CONFLICT", admin.do(revoke, map[string]any{"id": g2.GrantVerification.Verification.ID, "r": "again"}).code())
	require.Equal(t, "BAD_USER_INPUT", admin.do(revoke, map[string]any{"id": g.GrantVerification.Verification.ID, "r": "  "}).code())
	p = read(admin, w.prodA).Node
	require.Equal(t, []string{"SITE_VISIT"}, p.VerifiedScopes)
	for _, v := range p.Verifications {
		if v.ID == g2.GrantVerification.Verification.ID {
			require.False(t, v.Active)
			require.NotNil(t, v.RevokedAt)
			require.Equal(t, "the NIB belongs to another firm", v.RevocationReason)
		}
	}
	admin.ok(revoke, map[string]any{"id": g.GrantVerification.Verification.ID, "r": "visit report forged"}, nil)
	p = read(admin, w.prodA).Node
	require.False(t, p.Verified)
	require.Empty(t, p.VerifiedScopes)
	require.Equal(t, now.AddDate(-1, 0, 0), p.VerifiedUntil.UTC(), "the expired record still says when the verification ran out")

	// Mistakes are BAD_USER_INPUT on the field.
	for name, in := range map[string]map[string]any{
		"no scope":                     {"firmID": w.prodA, "scopes": []string{}},
		"importer licence of producer": {"firmID": w.prodA, "scopes": []string{"IMPORTER_LICENCE"}},
		"expiry before the checks":     {"firmID": w.prodA, "scopes": []string{"IDENTITY"}, "verifiedOn": now.Format(time.RFC3339), "expiresAt": now.AddDate(0, 0, -1).Format(time.RFC3339)},
		"a product is no firm":         {"firmID": w.productA, "scopes": []string{"IDENTITY"}},
	} {
		r := admin.do(grant, map[string]any{"in": in})
		require.Equal(t, "BAD_USER_INPUT", r.code(), "%s: %+v", name, r.Errors)
	}

	// verifyProducer still works: a record of identity and licences.
	admin.ok(`mutation($id: ID!) { verifyProducer(id: $id) { producer { verified } } }`, map[string]any{"id": w.prodB}, nil)
	require.ElementsMatch(t, []string{"IDENTITY", "BUSINESS_LICENCE"}, read(admin, w.prodB).Node.VerifiedScopes)
	admin.ok(`mutation($id: ID!) { verifyProducer(id: $id, verified: false) { producer { verified } } }`, map[string]any{"id": w.prodB}, nil)
	require.False(t, read(admin, w.prodB).Node.Verified)

	// Leads from verified buyers only: buyer A's request disappears from
	// producer A's leads until buyer A is verified by an ITPC.
	prodA := w.e.as(w.tokens["producerA"])
	leads := func() int {
		var out struct{ Leads struct{ TotalCount int } }
		prodA.ok(`{ leads(first: 10) { totalCount } }`, nil, &out)
		return out.Leads.TotalCount
	}
	before := leads()
	require.Positive(t, before)
	prodA.ok(`mutation($id: ID!) { updateProducer(id: $id, input: {leadsVerifiedBuyersOnly: true}) { producer { leadsVerifiedBuyersOnly } } }`, map[string]any{"id": w.prodA}, nil)
	require.Zero(t, leads())
	admin.ok(grant, map[string]any{"in": map[string]any{"firmID": w.buyerA, "scopes": []string{"IDENTITY", "IMPORTER_LICENCE"}, "verifier": "ITPC", "verifierName": "ITPC Bangkok"}}, nil)
	bu := read(admin, w.buyerA).Node
	require.True(t, bu.Verified)
	require.Equal(t, "ITPC", bu.Verifications[0].Verifier)
	require.Equal(t, before, leads())

	// The stored records agree with what the API says.
	n, err := w.e.db.Client.Verification.Query().Count(authz.System(context.Background()))
	require.NoError(t, err)
	require.Equal(t, 5, n) // three of producer A, one of B, one of buyer A
}
