// Package auth signs accounts up and in: bcrypt password hashes, random bearer
// tokens stored only as SHA-256 hashes, expiry and revocation, and login throttling
// per account and per client address.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/account"
	"github.com/exportiva/exportiva/ent/session"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/validate"
	"github.com/exportiva/exportiva/internal/viewer"
)

// Password length limits (bcrypt reads at most 72 bytes).
const (
	MinPassword = 10
	MaxPassword = 72
)

// TokenPrefix starts every access token, so leaked tokens are easy to recognize.
const TokenPrefix = "exv_"

// ErrBadToken reports an unknown, expired or revoked token.
var ErrBadToken = errors.New("invalid or expired token")

// Service signs accounts up and in.
type Service struct {
	DB *ent.Client
	// TTL is how long a token lives.
	TTL time.Duration
	// Cost is the bcrypt cost.
	Cost int
	// Throttle limits failed logins; nil disables throttling.
	Throttle *Throttle
	Now      func() time.Time
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
		return apperr.BadInput([]string{"input", "password"}, "a password has %d to %d characters", MinPassword, MaxPassword)
	}
	return nil
}

// SignUpInput is a new account.
type SignUpInput struct {
	Email, Password, DisplayName string
	Role                         domain.Role
}

// SignUp creates a producer or buyer account and signs it in.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (*Session, error) {
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if err := validate.Email(email); err != nil {
		return nil, apperr.BadInput([]string{"input", "email"}, "%v", err)
	}
	if in.Role != domain.RoleProducer && in.Role != domain.RoleBuyer {
		return nil, apperr.BadInput([]string{"input", "role"}, "sign up as PRODUCER or BUYER")
	}
	if strings.TrimSpace(in.DisplayName) == "" {
		return nil, apperr.BadInput([]string{"input", "displayName"}, "displayName must not be empty")
	}
	acc, err := s.Create(ctx, email, in.Password, strings.TrimSpace(in.DisplayName), in.Role)
	if err != nil {
		return nil, err
	}
	return s.issue(ctx, acc)
}

// Create stores an account (any role: the admin CLI uses it for trade officers).
func (s *Service) Create(ctx context.Context, email, password, name string, role domain.Role) (*ent.Account, error) {
	hash, err := s.Hash(password)
	if err != nil {
		return nil, err
	}
	sys := authz.System(ctx)
	if n, err := s.db(ctx).Account.Query().Where(account.Email(email)).Count(sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, &apperr.Error{Code: apperr.CodeConflict, Message: "an account with this e-mail exists", Field: []string{"input", "email"}}
	}
	return s.db(ctx).Account.Create().SetEmail(email).SetPasswordHash(hash).SetDisplayName(name).SetRole(role).Save(sys)
}

// dummyHash makes a failed lookup cost as much as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("exportiva-timing-equalizer"), 11)

// LogIn checks a password and signs the account in. Unknown e-mail and wrong
// password give the same error; repeated failures are throttled per account and
// per client address.
func (s *Service) LogIn(ctx context.Context, email, password, client string) (*Session, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if s.Throttle != nil {
		if wait := s.Throttle.Blocked(s.Now(), "account:"+email, "ip:"+client); wait > 0 {
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
			s.Throttle.Fail(s.Now(), "account:"+email, "ip:"+client)
		}
		return nil, apperr.Unauthenticated("wrong e-mail or password")
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

// Authenticate resolves a bearer token into its viewer.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
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
	return &viewer.Viewer{AccountID: acc.ID, Email: acc.Email, Role: acc.Role, ProducerID: acc.ProducerID, BuyerID: acc.BuyerID}, nil
}

// LogOut revokes the token.
func (s *Service) LogOut(ctx context.Context, token string) error {
	n, err := s.db(ctx).Session.Update().Where(session.TokenHash(hashToken(token)), session.RevokedAtIsNil()).
		SetRevokedAt(s.Now()).Save(authz.System(ctx))
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrBadToken
	}
	return nil
}

// JoinProducer makes the account a member of a producer it just created.
func JoinProducer(ctx context.Context, db *ent.Client, accountID, producerID int) error {
	return db.Account.UpdateOneID(accountID).SetProducerID(producerID).Exec(authz.System(ctx))
}

// JoinBuyer makes the account a member of a buyer it just created.
func JoinBuyer(ctx context.Context, db *ent.Client, accountID, buyerID int) error {
	return db.Account.UpdateOneID(accountID).SetBuyerID(buyerID).Exec(authz.System(ctx))
}
