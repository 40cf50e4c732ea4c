package auth

import (
	"context"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/accounttoken"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
)

// InviteTTL is how long an invitation link works.
const InviteTTL = 7 * 24 * time.Hour

// MaxTeam is the most accounts one producer or buyer has.
const MaxTeam = 50

// firmOf returns the owner's firm: the producer or buyer ids (one is set) and
// its name. authz.TeamOwner decides who may manage the team.
func (s *Service) firmOf(ctx context.Context, acc *ent.Account) (producerID, buyerID *int, name string, err error) {
	sys := authz.System(ctx)
	switch {
	case acc.ProducerID != nil:
		p, err := s.db(ctx).Producer.Get(sys, *acc.ProducerID)
		return acc.ProducerID, nil, p.Name, err
	case acc.BuyerID != nil:
		b, err := s.db(ctx).Buyer.Get(sys, *acc.BuyerID)
		return nil, acc.BuyerID, b.Company, err
	}
	return nil, nil, "", apperr.Forbidden("the account acts for no firm")
}

// members counts the accounts of a firm.
func (s *Service) members(ctx context.Context, producerID, buyerID *int) (int, error) {
	q := s.db(ctx).Account.Query()
	if producerID != nil {
		q.Where(account.ProducerID(*producerID))
	} else {
		q.Where(account.BuyerID(*buyerID))
	}
	return q.Count(authz.System(ctx))
}

// Invite e-mails an invitation (7 days, single use) to join the owner's firm
// with a role. The answer is the same whether or not the address has an
// account (accepting decides). Only owners invite (authz.TeamOwner).
func (s *Service) Invite(ctx context.Context, email string, role domain.FirmRole, client string) error {
	if err := s.spendRequest(client); err != nil {
		return err
	}
	ownerID, err := authz.TeamOwner(ctx)
	if err != nil {
		return err
	}
	owner, err := s.db(ctx).Account.Get(authz.System(ctx), ownerID)
	if err != nil {
		return err
	}
	email = NormalizeEmail(email)
	if err := validate.Email(email); err != nil {
		return apperr.BadInput([]string{"email"}, "%v", err)
	}
	if !domain.FirmRoles.Valid(role) {
		return apperr.BadInput([]string{"role"}, "OWNER or STAFF")
	}
	pid, bid, firm, err := s.firmOf(ctx, owner)
	if err != nil {
		return err
	}
	if n, err := s.members(ctx, pid, bid); err != nil {
		return err
	} else if n >= MaxTeam {
		return apperr.Conflict("a firm has at most %d accounts", MaxTeam)
	}
	token, err := secret()
	if err != nil {
		return err
	}
	if err := s.db(ctx).AccountToken.Create().SetKind(accounttoken.KindInvitation).SetTokenHash(hashToken(token)).
		SetAccountID(owner.ID).SetEmail(email).SetExpiresAt(s.Now().Add(InviteTTL)).
		SetNillableProducerID(pid).SetNillableBuyerID(bid).SetFirmRole(role).Exec(authz.System(ctx)); err != nil {
		return err
	}
	return s.mailTo(ctx, "invitation", langOf(owner), email, map[string]any{
		"Inviter": owner.DisplayName, "Firm": firm, "Role": string(role),
		"Link": s.link("/invitation", token), "Hours": int(InviteTTL.Hours())})
}

// AcceptInvitation follows an invitation link: a new account for the invited
// address (verified: the link reached it) joins the firm with the role
// offered, and is signed in. An address that already has an account is
// CONFLICT (the link's holder owns the address; it may sign in instead).
func (s *Service) AcceptInvitation(ctx context.Context, token, displayName, password string) (*Session, error) {
	if strings.TrimSpace(displayName) == "" {
		return nil, apperr.BadInput([]string{"displayName"}, "displayName must not be empty")
	}
	if len(password) < MinPassword || len(password) > MaxPassword {
		return nil, apperr.BadInput([]string{"password"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	t, err := s.useLink(ctx, accounttoken.KindInvitation, token)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	if n, err := s.db(ctx).Account.Query().Where(account.Email(t.Email)).Count(sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, &apperr.Error{Code: apperr.CodeConflict, Message: "this address already has an account; sign in with it", Field: []string{"token"}}
	}
	if n, err := s.members(ctx, t.ProducerID, t.BuyerID); err != nil {
		return nil, err
	} else if n >= MaxTeam {
		return nil, apperr.Conflict("a firm has at most %d accounts", MaxTeam)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.Cost)
	if err != nil {
		return nil, err
	}
	role := domain.RoleProducer
	if t.BuyerID != nil {
		role = domain.RoleBuyer
	}
	lang := "en"
	if inviter, err := s.db(ctx).Account.Get(sys, *t.AccountID); err == nil {
		lang = inviter.Language
	}
	acc, err := s.db(ctx).Account.Create().SetEmail(t.Email).SetPasswordHash(string(hash)).SetDisplayName(strings.TrimSpace(displayName)).
		SetRole(role).SetNillableProducerID(t.ProducerID).SetNillableBuyerID(t.BuyerID).SetNillableFirmRole(t.FirmRole).
		SetEmailVerified(true).SetLanguage(lang).Save(sys)
	if err != nil {
		return nil, err
	}
	return s.issue(ctx, acc)
}

// RemoveMember takes an account out of the owner's firm: it no longer acts for
// it, every token of it is revoked and its websockets close at once. An owner
// cannot remove itself (another owner may).
func (s *Service) RemoveMember(ctx context.Context, accountID int) error {
	ownerID, err := authz.TeamOwner(ctx)
	if err != nil {
		return err
	}
	sys := authz.System(ctx)
	owner, err := s.db(ctx).Account.Get(sys, ownerID)
	if err != nil {
		return err
	}
	m, err := s.db(ctx).Account.Get(sys, accountID)
	sameFirm := err == nil && (owner.ProducerID != nil && m.ProducerID != nil && *owner.ProducerID == *m.ProducerID ||
		owner.BuyerID != nil && m.BuyerID != nil && *owner.BuyerID == *m.BuyerID)
	if !sameFirm {
		return &apperr.Error{Code: apperr.CodeNotFound, Message: "no such member of your firm", Field: []string{"accountId"}}
	}
	if m.ID == owner.ID {
		return apperr.BadInput([]string{"accountId"}, "an owner cannot remove itself; another owner may")
	}
	if err := s.db(ctx).Account.UpdateOne(m).ClearProducerID().ClearBuyerID().ClearFirmRole().Exec(sys); err != nil {
		return err
	}
	_, err = s.RevokeAll(ctx, m.ID)
	return err
}

// Team lists the accounts of the viewer's firm (at most MaxTeam).
func (s *Service) Team(ctx context.Context) ([]*ent.Account, error) {
	v, err := authz.TeamMember(ctx)
	if err != nil {
		return nil, err
	}
	q := s.db(ctx).Account.Query().Order(account.ByID()).Limit(MaxTeam)
	if v.ProducerID != nil {
		q.Where(account.ProducerID(*v.ProducerID))
	} else {
		q.Where(account.BuyerID(*v.BuyerID))
	}
	return q.All(authz.System(ctx))
}
