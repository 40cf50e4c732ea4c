package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/accounttoken"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/mail"
	"github.com/exportiva/exportiva/internal/outbox"
	"github.com/exportiva/exportiva/internal/validate"
)

// Lifetimes of the one-time links.
const (
	VerifyTTL      = 48 * time.Hour
	ResetTTL       = time.Hour
	ChangeEmailTTL = 24 * time.Hour
)

// E-mail budgets (per Throttle.Window, 15 minutes): e-mails of account life to
// one address, and requests that send such e-mails from one client address.
// Past the first the request is RATE_LIMITED; past the second the answer stays
// the same but nothing is sent (the answer must not tell whether an account
// exists).
const (
	MailsPerAddress       = 5
	MailRequestsPerClient = 20
)

// linkPrefix starts every one-time link token.
const linkPrefix = "exl_"

// ErrBadLink is the answer to an unknown, used or expired link token.
func errBadLink() error {
	return apperr.BadInput([]string{"token"}, "the link is invalid, was already used or has expired; ask for a new one")
}

// link is the address of a page of the web app carrying a token.
func (s *Service) link(path, token string) string {
	base := strings.TrimRight(s.AppURL, "/")
	if token == "" {
		return base + path
	}
	return base + path + "?token=" + url.QueryEscape(token)
}

// langOf is the language of an account's e-mails.
func langOf(acc *ent.Account) i18n.Lang {
	if acc.Language == string(i18n.Indonesian) {
		return i18n.Indonesian
	}
	return i18n.English
}

// mailTo renders and queues an e-mail in the request's transaction, unless the
// address's budget is spent (then nothing is sent and nothing is said).
func (s *Service) mailTo(ctx context.Context, name string, lang i18n.Lang, to string, data map[string]any) error {
	if s.Throttle != nil && s.Throttle.Spend(s.Now(), "mailto:"+to, MailsPerAddress) > 0 {
		s.logger().InfoContext(ctx, "e-mail budget of the address spent; not sent", "template", name)
		return nil
	}
	m, err := mail.Render(name, lang, to, data)
	if err != nil {
		return err
	}
	return outbox.Email(ctx, s.DB, m)
}

// spendRequest counts a request that may send e-mail from a client address.
func (s *Service) spendRequest(client string) error {
	if s.Throttle == nil {
		return nil
	}
	if w := s.Throttle.Spend(s.Now(), "mailreq:"+client, MailRequestsPerClient); w > 0 {
		return RateLimited(w)
	}
	return nil
}

// newLink stores a one-time token and returns its secret.
func (s *Service) newLink(ctx context.Context, kind accounttoken.Kind, accountID *int, email string, ttl time.Duration) (string, error) {
	token, err := secret()
	if err != nil {
		return "", err
	}
	c := s.db(ctx).AccountToken.Create().SetKind(kind).SetTokenHash(hashToken(token)).SetNillableAccountID(accountID).
		SetEmail(email).SetExpiresAt(s.Now().Add(ttl))
	return token, c.Exec(authz.System(ctx))
}

// secret is a new link token: 256 random bits.
func secret() (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return linkPrefix + base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// useLink spends a one-time token of a kind: it must exist, be unused and
// unexpired; two concurrent uses cannot both succeed (the update is
// conditional on used_at being null).
func (s *Service) useLink(ctx context.Context, kind accounttoken.Kind, token string) (*ent.AccountToken, error) {
	if !strings.HasPrefix(token, linkPrefix) || len(token) > 100 {
		return nil, errBadLink()
	}
	sys := authz.System(ctx)
	t, err := s.db(ctx).AccountToken.Query().Where(accounttoken.TokenHash(hashToken(token)), accounttoken.KindEQ(kind)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, errBadLink()
	}
	if err != nil {
		return nil, err
	}
	if t.UsedAt != nil || !s.Now().Before(t.ExpiresAt) {
		return nil, errBadLink()
	}
	n, err := s.db(ctx).AccountToken.Update().Where(accounttoken.ID(t.ID), accounttoken.UsedAtIsNil()).SetUsedAt(s.Now()).Save(sys)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errBadLink()
	}
	return t, nil
}

// sendVerification sends a fresh verification link to the account's address.
func (s *Service) sendVerification(ctx context.Context, acc *ent.Account) error {
	token, err := s.newLink(ctx, accounttoken.KindVerifyEmail, &acc.ID, acc.Email, VerifyTTL)
	if err != nil {
		return err
	}
	return s.mailTo(ctx, "verify_email", langOf(acc), acc.Email, map[string]any{
		"Name": acc.DisplayName, "Link": s.link("/verify-email", token), "Hours": int(VerifyTTL.Hours())})
}

// signUpLang is the language of a new account's e-mails: the one asked for;
// else Indonesian for producers (Lamongan firms) and the request's language
// for buyers.
func signUpLang(ctx context.Context, in SignUpInput) i18n.Lang {
	switch {
	case in.Language != nil:
		return *in.Language
	case in.Role == domain.RoleProducer:
		return i18n.Indonesian
	default:
		return i18n.From(ctx)
	}
}

func (s *Service) checkSignUp(in SignUpInput) (string, error) {
	email := NormalizeEmail(in.Email)
	if err := validate.Email(email); err != nil {
		return "", apperr.BadInput([]string{"email"}, "%v", err)
	}
	if in.Role != domain.RoleProducer && in.Role != domain.RoleBuyer {
		return "", apperr.BadInput([]string{"role"}, "sign up as PRODUCER or BUYER")
	}
	if strings.TrimSpace(in.DisplayName) == "" {
		return "", apperr.BadInput([]string{"displayName"}, "displayName must not be empty")
	}
	if err := checkPassword(in.Password); err != nil {
		return "", err
	}
	return email, nil
}

// Register creates an unverified producer or buyer account and e-mails it a
// verification link, without signing it in. It answers the same whether or
// not the address already has an account: then the owner is told by e-mail
// that someone tried to sign up with it, and nothing else happens. The
// password is hashed in both cases, so the answer takes as long. Attempts are
// throttled per client address like signUp.
func (s *Service) Register(ctx context.Context, in SignUpInput) (string, error) {
	if s.Throttle != nil {
		if wait := s.Throttle.SignUpWait(s.Now(), in.Client); wait > 0 {
			return "", RateLimited(wait)
		}
	}
	email, err := s.checkSignUp(in)
	if err != nil {
		return "", err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.Cost)
	if err != nil {
		return "", err
	}
	sys := authz.System(ctx)
	existing, err := s.db(ctx).Account.Query().Where(account.Email(email)).Only(sys)
	switch {
	case err == nil:
		return email, s.mailTo(ctx, "address_taken", langOf(existing), email, map[string]any{
			"SignUp": true, "LoginLink": s.link("/login", ""), "ResetLink": s.link("/reset-password", "")})
	case !ent.IsNotFound(err):
		return "", err
	}
	acc, err := s.db(ctx).Account.Create().SetEmail(email).SetPasswordHash(string(hash)).
		SetDisplayName(strings.TrimSpace(in.DisplayName)).SetRole(in.Role).
		SetEmailVerified(false).SetLanguage(string(signUpLang(ctx, in))).SetFirmRole(domain.FirmOwner).Save(sys)
	if err != nil {
		return "", err
	}
	return email, s.sendVerification(ctx, acc)
}

// VerifyEmail follows a verification link: the account's address is
// confirmed, provided it is still the address the link was sent to.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*ent.Account, error) {
	t, err := s.useLink(ctx, accounttoken.KindVerifyEmail, token)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	acc, err := s.db(ctx).Account.Get(sys, *t.AccountID)
	if ent.IsNotFound(err) || err == nil && acc.Email != t.Email {
		return nil, errBadLink()
	}
	if err != nil {
		return nil, err
	}
	return s.db(ctx).Account.UpdateOne(acc).SetEmailVerified(true).Save(sys)
}

// ResendVerification sends a new verification link to an unverified account
// (nothing to a verified one).
func (s *Service) ResendVerification(ctx context.Context, accountID int, client string) error {
	if err := s.spendRequest(client); err != nil {
		return err
	}
	acc, err := s.db(ctx).Account.Get(authz.System(ctx), accountID)
	if err != nil || acc.EmailVerified {
		return err
	}
	return s.sendVerification(ctx, acc)
}

// RequestPasswordReset e-mails a one-hour, single-use reset link to the
// account with the address, if there is one and it is not disabled; the
// answer is the same either way (no account enumeration). Requests are
// throttled per client address (RATE_LIMITED), e-mails per address (silently).
func (s *Service) RequestPasswordReset(ctx context.Context, email, client string) error {
	if err := s.spendRequest(client); err != nil {
		return err
	}
	email = NormalizeEmail(email)
	if err := validate.Email(email); err != nil {
		return apperr.BadInput([]string{"email"}, "%v", err)
	}
	acc, err := s.db(ctx).Account.Query().Where(account.Email(email)).Only(authz.System(ctx))
	if ent.IsNotFound(err) || err == nil && acc.Disabled {
		return nil
	}
	if err != nil {
		return err
	}
	token, err := s.newLink(ctx, accounttoken.KindResetPassword, &acc.ID, acc.Email, ResetTTL)
	if err != nil {
		return err
	}
	return s.mailTo(ctx, "reset_password", langOf(acc), acc.Email, map[string]any{
		"Name": acc.DisplayName, "Link": s.link("/reset-password", token)})
}

// ResetPassword follows a reset link: the new password is set, every token of
// the account is revoked (its websockets close), every other reset link of the
// account stops working, and the address counts as verified (the link reached
// it).
func (s *Service) ResetPassword(ctx context.Context, token, next string) error {
	if len(next) < MinPassword || len(next) > MaxPassword {
		return apperr.BadInput([]string{"newPassword"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	t, err := s.useLink(ctx, accounttoken.KindResetPassword, token)
	if err != nil {
		return err
	}
	sys := authz.System(ctx)
	acc, err := s.db(ctx).Account.Get(sys, *t.AccountID)
	if ent.IsNotFound(err) || err == nil && (acc.Email != t.Email || acc.Disabled) {
		return errBadLink()
	}
	if err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), s.Cost)
	if err != nil {
		return err
	}
	if err := s.db(ctx).Account.UpdateOne(acc).SetPasswordHash(string(hash)).SetEmailVerified(true).Exec(sys); err != nil {
		return err
	}
	if err := s.db(ctx).AccountToken.Update().
		Where(accounttoken.AccountID(acc.ID), accounttoken.KindEQ(accounttoken.KindResetPassword), accounttoken.UsedAtIsNil()).
		SetUsedAt(s.Now()).Exec(sys); err != nil {
		return err
	}
	_, err = s.RevokeAll(ctx, acc.ID)
	return err
}

// RequestEmailChange asks to sign in with a new address: after the current
// password is checked (throttled like a log-in), a confirmation link goes to
// the new address. If the new address already has an account its owner is
// told instead; the answer is the same.
func (s *Service) RequestEmailChange(ctx context.Context, accountID int, newEmail, current, client string) error {
	acc, err := s.db(ctx).Account.Get(authz.System(ctx), accountID)
	if err != nil {
		return err
	}
	if err := s.checkCurrent(acc, current, client); err != nil {
		return err
	}
	if err := s.spendRequest(client); err != nil {
		return err
	}
	email := NormalizeEmail(newEmail)
	if err := validate.Email(email); err != nil {
		return apperr.BadInput([]string{"newEmail"}, "%v", err)
	}
	if email == acc.Email {
		return apperr.BadInput([]string{"newEmail"}, "this is already the account's address")
	}
	n, err := s.db(ctx).Account.Query().Where(account.Email(email)).Count(authz.System(ctx))
	if err != nil {
		return err
	}
	if n > 0 {
		return s.mailTo(ctx, "address_taken", langOf(acc), email, map[string]any{
			"SignUp": false, "LoginLink": s.link("/login", ""), "ResetLink": s.link("/reset-password", "")})
	}
	token, err := s.newLink(ctx, accounttoken.KindChangeEmail, &acc.ID, email, ChangeEmailTTL)
	if err != nil {
		return err
	}
	return s.mailTo(ctx, "change_email", langOf(acc), email, map[string]any{
		"Name": acc.DisplayName, "Link": s.link("/confirm-email", token), "Hours": int(ChangeEmailTTL.Hours())})
}

// ConfirmEmailChange follows a confirmation link: the account signs in with
// the new address from now on (verified), and the old address is told.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string) (*ent.Account, error) {
	t, err := s.useLink(ctx, accounttoken.KindChangeEmail, token)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	acc, err := s.db(ctx).Account.Get(sys, *t.AccountID)
	if ent.IsNotFound(err) {
		return nil, errBadLink()
	}
	if err != nil {
		return nil, err
	}
	if n, err := s.db(ctx).Account.Query().Where(account.Email(t.Email)).Count(sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, &apperr.Error{Code: apperr.CodeConflict, Message: "another account took this address meanwhile", Field: []string{"token"}}
	}
	old := acc.Email
	acc, err = s.db(ctx).Account.UpdateOne(acc).SetEmail(t.Email).SetEmailVerified(true).Save(sys)
	if err != nil {
		return nil, err
	}
	return acc, s.mailTo(ctx, "email_changed", langOf(acc), old, map[string]any{
		"Name": acc.DisplayName, "NewEmail": acc.Email, "ResetLink": s.link("/reset-password", "")})
}

// checkCurrent checks an account's current password, throttled like a log-in.
func (s *Service) checkCurrent(acc *ent.Account, current, client string) error {
	if len(current) > MaxPassword {
		return apperr.BadInput([]string{"currentPassword"}, "the current password is wrong")
	}
	if s.Throttle != nil {
		if wait := s.Throttle.LogInWait(s.Now(), acc.Email, client); wait > 0 {
			return RateLimited(wait)
		}
	}
	if bcrypt.CompareHashAndPassword([]byte(acc.PasswordHash), []byte(current)) != nil {
		if s.Throttle != nil {
			s.Throttle.LogInFailed(s.Now(), acc.Email, client)
		}
		return apperr.BadInput([]string{"currentPassword"}, "the current password is wrong")
	}
	return nil
}
