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
)

// Error is a failure the client can act on: a code, a message for people, and for
// bad input the path of the offending field (e.g. ["input", "hsCode"]).
type Error struct {
	Code    string
	Message string
	Field   []string
	// RetryAfter is, for RATE_LIMITED, the seconds to wait.
	RetryAfter int
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// BadInput reports a bad value at a field path.
func BadInput(path []string, format string, args ...any) *Error {
	return &Error{Code: CodeBadUserInput, Message: fmt.Sprintf(format, args...), Field: path}
}

// NotFound reports a missing (or invisible) object.
func NotFound(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports a request that contradicts the current state (an illegal state
// transition, a taken unique value).
func Conflict(format string, args ...any) *Error {
	return &Error{Code: CodeConflict, Message: fmt.Sprintf(format, args...)}
}

// Forbidden reports an action the viewer may not take.
func Forbidden(format string, args ...any) *Error {
	return &Error{Code: CodeForbidden, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticated reports an action that needs a signed-in account.
func Unauthenticated(format string, args ...any) *Error {
	return &Error{Code: CodeUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of an *Error in err's chain, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
