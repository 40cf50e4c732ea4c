package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A firm's team: the owner invites by e-mail, the invited person joins as
// STAFF and acts for the firm, staff cannot manage the team, and removal
// revokes access at once.
func TestTeamMembers(t *testing.T) {
	w, smtpd := mailWorld(t)
	e, owner := w.e, w.e.as(w.tokens["producerA"])
	owner.ok(`mutation { inviteTeamMember(email: "Staf@Nelayan.example", role: STAFF) }`, nil, nil)
	e.deliver()
	inv := smtpd.To("staf@nelayan.example")
	require.Len(t, inv, 1)
	require.Contains(t, inv[0].Subject, "Producer A")
	require.Contains(t, inv[0].Text, "Staf") // the role, in the inviter's language
	token := lastLink(t, smtpd, "staf@nelayan.example")

	var acc struct {
		AcceptInvitation struct {
			Token   string
			Account struct {
				Email, Role, FirmRole, ProducerID string
				EmailVerified                     bool
			}
		}
	}
	anon := e.as("")
	anon.fails("BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(token: $t, displayName: "Staf", password: "short") { token } }`, map[string]any{"t": token})
	anon.ok(`mutation($t: String!) { acceptInvitation(token: $t, displayName: "Staf", password: "correct-horse-battery") { token account { email role firmRole producerID emailVerified } } }`, map[string]any{"t": token}, &acc)
	require.Equal(t, "staf@nelayan.example", acc.AcceptInvitation.Account.Email)
	require.Equal(t, "PRODUCER", acc.AcceptInvitation.Account.Role)
	require.Equal(t, "STAFF", acc.AcceptInvitation.Account.FirmRole)
	require.Equal(t, w.prodA, acc.AcceptInvitation.Account.ProducerID)
	require.True(t, acc.AcceptInvitation.Account.EmailVerified)
	anon.fails("BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(token: $t, displayName: "Again", password: "correct-horse-battery") { token } }`, map[string]any{"t": token})
	staff := e.as(acc.AcceptInvitation.Token)

	// Staff acts for the firm: it writes the catalog and reads the firm's inquiries.
	staff.ok(`mutation($in: CreateProductInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": productInput(w.prodA)}, nil)
	var team struct {
		TeamMembers []struct{ ID, Email, FirmRole string }
	}
	staff.ok(`{ teamMembers { id email firmRole } }`, nil, &team)
	require.Len(t, team.TeamMembers, 2)
	staffID := team.TeamMembers[1].ID
	require.Equal(t, "STAFF", team.TeamMembers[1].FirmRole)

	// Staff does not manage the team; others' firms are not reachable.
	staff.fails("FORBIDDEN", `mutation { inviteTeamMember(email: "x@nelayan.example", role: OWNER) }`, nil)
	staff.fails("FORBIDDEN", `mutation($a: ID!) { removeTeamMember(accountId: $a) }`, map[string]any{"a": staffID})
	e.as(w.tokens["producerB"]).fails("NOT_FOUND", `mutation($a: ID!) { removeTeamMember(accountId: $a) }`, map[string]any{"a": staffID})
	e.as(w.tokens["buyerA"]).fails("NOT_FOUND", `mutation($a: ID!) { removeTeamMember(accountId: $a) }`, map[string]any{"a": staffID})
	anon.fails("UNAUTHENTICATED", `{ teamMembers { id } }`, nil)
	e.as(w.tokens["producerB"]).ok(`{ teamMembers { id } }`, nil, &team)
	require.Len(t, team.TeamMembers, 1, "producer B sees its own team only")

	// Removal revokes access at once.
	owner.ok(`mutation($a: ID!) { removeTeamMember(accountId: $a) }`, map[string]any{"a": staffID}, nil)
	require.Equal(t, 401, staff.do(`{ viewer { id } }`, nil).status)
	owner.ok(`{ teamMembers { id } }`, nil, &team)
	require.Len(t, team.TeamMembers, 1)
}
