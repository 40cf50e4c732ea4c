// Package apperr defines the error codes clients see in `extensions.code` and the
// typed error the domain packages return. The GraphQL error presenter turns these
// into GraphQL errors; anything else becomes a masked internal error.
package apperr

import (
	"errors"
	"fmt"
)

// Error codes, as sent in extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeConflict        = "CONFLICT"
	CodeRateLimited     = "RATE_LIMITED"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
	CodeBadRequest      = "BAD_REQUEST"
	CodeTimeout         = "TIMEOUT"
	CodeUnavailable     = "SERVICE_UNAVAILABLE"
	CodeCancelled       = "CANCELLED"
	// CodeEmailNotVerified: the account must confirm its e-mail address before
	// it posts (products, buy requests, inquiries, messages, quotes).
	CodeEmailNotVerified = "EMAIL_NOT_VERIFIED"
	// CodeResourceExhausted: the server is busy with requests of this kind
	// (match evaluations); retry after RetryAfter seconds.
	CodeResourceExhausted = "RESOURCE_EXHAUSTED"
)

// Error is a failure the client can act on: a code, a message for people, and for
// bad input the offending field, named as the domain names it (["hsCodes"],
// ["quantity", "amount"]): the GraphQL layer alone turns it into a path of the
// operation (under its input argument when it takes one).
type Error struct {
	Code    string
	Message string
	Field   []string
	// RetryAfter is, for RATE_LIMITED, RESOURCE_EXHAUSTED and
	// SERVICE_UNAVAILABLE, the seconds to wait.
	RetryAfter int
	// Format and Args are what Message was made of: the error presenter looks the
	// format up in the translations (internal/i18n) for the request's language.
	Format string
	Args   []any
}

func newError(code string, path []string, format string, args []any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Field: path, Format: format, Args: args}
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// BadInput reports a bad value at a field path.
func BadInput(path []string, format string, args ...any) *Error {
	return newError(CodeBadUserInput, path, format, args)
}

// NotFound reports a missing (or invisible) object.
func NotFound(format string, args ...any) *Error {
	return newError(CodeNotFound, nil, format, args)
}

// Conflict reports a request that contradicts the current state (an illegal state
// transition, a taken unique value).
func Conflict(format string, args ...any) *Error {
	return newError(CodeConflict, nil, format, args)
}

// Forbidden reports an action the viewer may not take.
func Forbidden(format string, args ...any) *Error {
	return newError(CodeForbidden, nil, format, args)
}

// Unauthenticated reports an action that needs a signed-in account.
func Unauthenticated(format string, args ...any) *Error {
	return newError(CodeUnauthenticated, nil, format, args)
}

// Coder is an error of another package that knows its code (the field errors
// of internal/validate are BAD_USER_INPUT).
type Coder interface {
	error
	ErrorCode() string
}

// CodeOf returns the code of an *Error or a Coder in err's chain, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return ""
}
