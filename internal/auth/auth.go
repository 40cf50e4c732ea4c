// Package auth signs accounts up and in: bcrypt password hashes, random bearer
// tokens stored only as SHA-256 hashes, expiry and revocation, disabled
// accounts, and throttling of log-in (per account and address, per address, per
// account) and sign-up (per address). Revocations are announced on the event bus
// (sessions.revoked) so every replica closes the websockets of revoked tokens.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/session"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/events"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Password length limits (bcrypt reads at most 72 bytes).
const (
	MinPassword = 10
	MaxPassword = 72
)

// TokenPrefix starts every access token, so leaked tokens are easy to recognize.
const TokenPrefix = "exv_"

// ErrBadToken reports an unknown, expired or revoked token, or one whose account
// is disabled or gone.
var ErrBadToken = errors.New("invalid or expired token")

// Service signs accounts up and in.
type Service struct {
	DB *ent.Client
	// TTL is how long a token lives.
	TTL time.Duration
	// Cost is the bcrypt cost.
	Cost int
	// Throttle limits log-in and sign-up attempts; nil disables throttling.
	Throttle *Throttle
	Now      func() time.Time
	// Bus, when set, hears of every revocation (events.SessionsRevoked with the
	// account id) once it is committed.
	Bus events.Bus
	// Log reports what cannot be returned (a revocation that could not be
	// announced); slog.Default when nil.
	Log *slog.Logger
	// AppURL is the web app's base address; the links of e-mails point there
	// (/verify-email, /reset-password, /confirm-email, /login).
	AppURL string
	// SignUpOff refuses the deprecated SignUp (FORBIDDEN, pointing to
	// Register): its CONFLICT tells whether an address has an account, so
	// production servers turn it off (--legacy-signup).
	SignUpOff bool
}

// ErrSignUpOff is SignUp's answer on a server that turned it off.
var ErrSignUpOff = &apperr.Error{Code: apperr.CodeForbidden,
	Message: "signUp is turned off on this server: use register, which answers the same whether or not the address has an account"}

func (s *Service) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// New returns a service with a 30-day token life and bcrypt cost 11.
func New(db *ent.Client) *Service {
	return &Service{DB: db, TTL: 30 * 24 * time.Hour, Cost: 11, Throttle: NewThrottle(), Now: time.Now}
}

// db returns the client of the request's transaction when there is one: a
// mutation holds SQLite's only writer connection, so the service must write
// through it rather than wait for another.
func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.DB
}

// Session is a fresh sign-in.
type Session struct {
	Token     string
	Account   *ent.Account
	ExpiresAt time.Time
}

// Hash hashes a password.
func (s *Service) Hash(password string) (string, error) {
	if err := checkPassword(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.Cost)
	return string(h), err
}

func checkPassword(p string) error {
	if len(p) < MinPassword || len(p) > MaxPassword {
		return apperr.BadInput([]string{"password"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	return nil
}

// SignUpInput is a new account.
type SignUpInput struct {
	Email, Password, DisplayName string
	Role                         domain.Role
	// Language of the account's e-mails; nil: see signUpLang.
	Language *i18n.Lang
	// Client is the address the request comes from (throttling).
	Client string
}

// SignUp creates a producer or buyer account, signs it in and e-mails it a
// verification link (until it is followed the account browses but does not
// post). Attempts are throttled per client address; a sign-up for a
// registered e-mail is CONFLICT and also spends the address's budget of failed
// log-ins, so probing which e-mails exist is as slow as guessing passwords
// (Register answers uniformly instead). With SignUpOff it refuses every
// request alike, before any lookup.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (*Session, error) {
	if s.SignUpOff {
		return nil, ErrSignUpOff
	}
	if s.Throttle != nil {
		if wait := s.Throttle.SignUpWait(s.Now(), in.Client); wait > 0 {
			return nil, RateLimited(wait)
		}
	}
	email, err := s.checkSignUp(in)
	if err != nil {
		return nil, err
	}
	acc, err := s.Create(ctx, email, in.Password, strings.TrimSpace(in.DisplayName), in.Role)
	if err != nil {
		if s.Throttle != nil && apperr.CodeOf(err) == apperr.CodeConflict {
			s.Throttle.SignUpConflict(s.Now(), in.Client)
		}
		return nil, err
	}
	acc, err = s.db(ctx).Account.UpdateOne(acc).SetEmailVerified(false).SetLanguage(string(signUpLang(ctx, in))).
		SetFirmRole(domain.FirmOwner).Save(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	if err := s.sendVerification(ctx, acc); err != nil {
		return nil, err
	}
	return s.issue(ctx, acc)
}

// Create stores an account (any role: the admin CLI uses it for trade officers).
// The e-mail is normalized (NormalizeEmail) before it is compared and stored.
func (s *Service) Create(ctx context.Context, email, password, name string, role domain.Role) (*ent.Account, error) {
	email = NormalizeEmail(email)
	hash, err := s.Hash(password)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	if n, err := s.db(ctx).Account.Query().Where(account.Email(email)).Count(sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, &apperr.Error{Code: apperr.CodeConflict, Message: "an account with this e-mail exists", Field: []string{"email"}}
	}
	return s.db(ctx).Account.Create().SetEmail(email).SetPasswordHash(hash).SetDisplayName(name).SetRole(role).Save(sys)
}

// dummyHash makes a failed lookup cost as much as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("exportiva-timing-equalizer"), 11)

// LogIn checks a password and signs the account in. Unknown e-mail and wrong
// password give the same error. A password longer than bcrypt reads (72 bytes)
// is refused as at sign-up: bcrypt would compare only its first 72 bytes.
// Failures are throttled per (account, address), per address and per account;
// the account-wide limit spares addresses the account signed in from before, so
// guessing from elsewhere cannot keep the owner out.
func (s *Service) LogIn(ctx context.Context, email, password, client string) (*Session, error) {
	email = NormalizeEmail(email)
	if len(password) > MaxPassword {
		return nil, apperr.BadInput([]string{"password"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	if s.Throttle != nil {
		if wait := s.Throttle.LogInWait(s.Now(), email, client); wait > 0 {
			return nil, RateLimited(wait)
		}
	}
	acc, err := s.db(ctx).Account.Query().Where(account.Email(email)).Only(authz.System(ctx))
	hash := dummyHash
	if err == nil {
		hash = []byte(acc.PasswordHash)
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || acc == nil {
		if s.Throttle != nil {
			s.Throttle.LogInFailed(s.Now(), email, client)
		}
		return nil, apperr.Unauthenticated("wrong e-mail or password")
	}
	if acc.Disabled {
		return nil, apperr.Forbidden("this account is disabled; ask the trade office")
	}
	if s.Throttle != nil {
		s.Throttle.LogInSucceeded(s.Now(), email, client)
	}
	return s.issue(ctx, acc)
}

// RateLimited is the error of a throttled request.
func RateLimited(wait time.Duration) *apperr.Error {
	secs := int(wait.Seconds() + 0.999)
	return &apperr.Error{Code: apperr.CodeRateLimited, Message: "too many attempts; try again later", RetryAfter: secs}
}

func (s *Service) issue(ctx context.Context, acc *ent.Account) (*Session, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	exp := s.Now().Add(s.TTL)
	err := s.db(ctx).Session.Create().SetTokenHash(hashToken(token)).SetAccountID(acc.ID).SetExpiresAt(exp).Exec(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	return &Session{Token: token, Account: acc, ExpiresAt: exp}, nil
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// Grant is what a valid token grants: its viewer, the session it belongs to and
// when it expires.
type Grant struct {
	Viewer    *viewer.Viewer
	SessionID int
	ExpiresAt time.Time
}

// Check resolves a bearer token into its grant. An unknown, expired or revoked
// token, or one whose account is disabled or no longer exists, is ErrBadToken.
func (s *Service) Check(ctx context.Context, token string) (*Grant, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, ErrBadToken
	}
	h := hashToken(token)
	sess, err := s.db(ctx).Session.Query().Where(session.TokenHash(h)).WithAccount().Only(authz.System(ctx))
	if ent.IsNotFound(err) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(sess.TokenHash), []byte(h)) != 1 || sess.RevokedAt != nil || !s.Now().Before(sess.ExpiresAt) {
		return nil, ErrBadToken
	}
	acc := sess.Edges.Account
	if acc == nil || acc.Disabled {
		return nil, ErrBadToken
	}
	v := &viewer.Viewer{AccountID: acc.ID, Email: acc.Email, Role: acc.Role, ProducerID: acc.ProducerID, BuyerID: acc.BuyerID,
		Unverified: !acc.EmailVerified}
	if acc.FirmRole != nil {
		v.FirmRole = *acc.FirmRole
	}
	return &Grant{Viewer: v, SessionID: sess.ID, ExpiresAt: sess.ExpiresAt}, nil
}

// Authenticate resolves a bearer token into its viewer (see Check).
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	g, err := s.Check(ctx, token)
	if err != nil {
		return nil, err
	}
	return g.Viewer, nil
}

// Valid returns which of the sessions still grant access: not revoked, not
// expired, of an account that exists and is not disabled. Open websockets are
// checked with it in one query.
func (s *Service) Valid(ctx context.Context, sessionIDs []int) (map[int]bool, error) {
	out := make(map[int]bool, len(sessionIDs))
	for len(sessionIDs) > 0 {
		chunk := sessionIDs[:min(len(sessionIDs), 500)]
		sessionIDs = sessionIDs[len(chunk):]
		ids, err := s.db(ctx).Session.Query().
			Where(session.IDIn(chunk...), session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now()),
				session.HasAccountWith(account.Disabled(false))).
			IDs(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, nil
}

// LogOut revokes the token.
func (s *Service) LogOut(ctx context.Context, token string) error {
	sess, err := s.db(ctx).Session.Query().Where(session.TokenHash(hashToken(token)), session.RevokedAtIsNil()).
		Only(authz.System(ctx))
	if ent.IsNotFound(err) {
		return ErrBadToken
	}
	if err != nil {
		return err
	}
	n, err := s.db(ctx).Session.Update().Where(session.ID(sess.ID), session.RevokedAtIsNil()).
		SetRevokedAt(s.Now()).Save(authz.System(ctx))
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrBadToken
	}
	s.announce(ctx, sess.AccountID)
	return nil
}

// RevokeAll revokes every token of the account and returns how many were live.
func (s *Service) RevokeAll(ctx context.Context, accountID int) (int, error) {
	n, err := s.db(ctx).Session.Update().Where(session.AccountID(accountID), session.RevokedAtIsNil()).
		SetRevokedAt(s.Now()).Save(authz.System(ctx))
	if err != nil {
		return 0, err
	}
	s.announce(ctx, accountID)
	return n, nil
}

// ChangePassword sets a new password for the signed-in account after checking
// its current one, and revokes every other token of the account (the one in
// use stays valid), which closes their websockets. Wrong current passwords are
// throttled like failed log-ins.
func (s *Service) ChangePassword(ctx context.Context, accountID int, token, current, next, client string) error {
	acc, err := s.db(ctx).Account.Get(authz.System(ctx), accountID)
	if err != nil {
		return err
	}
	if err := s.checkCurrent(acc, current, client); err != nil {
		return err
	}
	if len(next) < MinPassword || len(next) > MaxPassword {
		return apperr.BadInput([]string{"newPassword"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), s.Cost)
	if err != nil {
		return err
	}
	if err := s.db(ctx).Account.UpdateOneID(accountID).SetPasswordHash(string(hash)).Exec(authz.System(ctx)); err != nil {
		return err
	}
	if _, err := s.db(ctx).Session.Update().
		Where(session.AccountID(accountID), session.RevokedAtIsNil(), session.TokenHashNEQ(hashToken(token))).
		SetRevokedAt(s.Now()).Save(authz.System(ctx)); err != nil {
		return err
	}
	s.announce(ctx, accountID)
	return nil
}

// SetDisabled disables (or enables again) an account. Disabling revokes its
// tokens: a disabled account can neither sign in nor use a token.
func (s *Service) SetDisabled(ctx context.Context, accountID int, disabled bool) error {
	if err := s.db(ctx).Account.UpdateOneID(accountID).SetDisabled(disabled).Exec(authz.System(ctx)); err != nil {
		if ent.IsNotFound(err) {
			return apperr.NotFound("no such account")
		}
		return err
	}
	if disabled {
		_, err := s.RevokeAll(ctx, accountID)
		return err
	}
	return nil
}

// ByEmail finds an account by its e-mail (normalized first).
func (s *Service) ByEmail(ctx context.Context, email string) (*ent.Account, error) {
	acc, err := s.db(ctx).Account.Query().Where(account.Email(NormalizeEmail(email))).Only(authz.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no account with the e-mail %q", NormalizeEmail(email))
	}
	return acc, err
}

// announce publishes events.SessionsRevoked for the account once the request's
// transaction has committed (at once when there is none).
func (s *Service) announce(ctx context.Context, accountID int) {
	if s.Bus == nil {
		return
	}
	send := func() {
		e := events.Event{Topic: events.SessionsRevoked, ID: accountID}
		if err := s.Bus.Publish(context.WithoutCancel(ctx), e); err != nil {
			log := s.Log
			if log == nil {
				log = slog.Default()
			}
			log.WarnContext(ctx, "announcing a revocation", "account_id", accountID, "err", err.Error())
		}
	}
	events.AfterCommit(ctx, send)
}

// JoinProducer makes the account a member of a producer it just created.
func JoinProducer(ctx context.Context, db *ent.Client, accountID, producerID int) error {
	return db.Account.UpdateOneID(accountID).SetProducerID(producerID).SetFirmRole(domain.FirmOwner).Exec(authz.System(ctx))
}

// JoinBuyer makes the account a member of a buyer it just created.
func JoinBuyer(ctx context.Context, db *ent.Client, accountID, buyerID int) error {
	return db.Account.UpdateOneID(accountID).SetBuyerID(buyerID).SetFirmRole(domain.FirmOwner).Exec(authz.System(ctx))
}
