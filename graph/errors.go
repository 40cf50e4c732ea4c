package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/privacy"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/httpinfo"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/requestid"
	"github.com/exportiva/exportiva/internal/validate"
)

// ErrorPresenter turns every resolver error into a GraphQL error with a code in
// extensions.code. Errors the client can act on keep their message; anything else
// is logged with the request id and reaches the client as "internal error".
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		l := i18n.From(ctx)
		var ae *apperr.Error
		var fe *validate.FieldError
		var ves validate.Errors
		var ve *ent.ValidationError
		var ge *gqlerror.Error
		switch {
		case errors.As(err, &ae):
			gqlErr.Message = localizeApp(l, ae)
			setCode(gqlErr, ae.Code)
			if ae.Field != nil {
				field := argPath(ctx, ae.Field...)
				gqlErr.Extensions["field"] = field
				if ae.Code == apperr.CodeBadUserInput {
					gqlErr.Extensions["fields"] = []map[string]any{{"field": field, "message": gqlErr.Message}}
				}
			}
			if ae.RetryAfter > 0 {
				gqlErr.Extensions["retryAfter"] = ae.RetryAfter
				httpinfo.From(ctx).Header.Set("Retry-After", strconv.Itoa(ae.RetryAfter))
			}
		case errors.As(err, &ves) && len(ves) > 0:
			// Every invalid field of the input at once; the first one also as
			// message and extensions.field, as a single error is reported.
			setCode(gqlErr, apperr.CodeBadUserInput)
			fields := make([]map[string]any, len(ves))
			for i, fe := range ves {
				fields[i] = map[string]any{"field": fieldPath(ctx, fe), "message": fieldMessage(l, fe)}
			}
			gqlErr.Message = fields[0]["message"].(string)
			gqlErr.Extensions["field"] = fields[0]["field"]
			gqlErr.Extensions["fields"] = fields
		case errors.As(err, &fe):
			gqlErr.Message = fieldMessage(l, fe)
			setCode(gqlErr, apperr.CodeBadUserInput)
			gqlErr.Extensions["field"] = fieldPath(ctx, fe)
			gqlErr.Extensions["fields"] = []map[string]any{{"field": gqlErr.Extensions["field"], "message": gqlErr.Message}}
		case errors.As(err, &ve):
			gqlErr.Message = fmt.Sprintf("%s: %s", camel(ve.Name), i18n.Err(l, innermost(ve)))
			setCode(gqlErr, apperr.CodeBadUserInput)
			gqlErr.Extensions["field"] = inputPath(ctx, ve.Name)
			gqlErr.Extensions["fields"] = []map[string]any{{"field": gqlErr.Extensions["field"], "message": gqlErr.Message}}
		case ent.IsNotFound(err):
			gqlErr.Message = i18n.T(l, "not found")
			setCode(gqlErr, apperr.CodeNotFound)
		case errors.Is(err, privacy.Deny):
			gqlErr.Message = i18n.T(l, "not allowed")
			setCode(gqlErr, apperr.CodeForbidden)
		case ent.IsConstraintError(err):
			msg := strings.ToLower(err.Error())
			if strings.Contains(msg, "foreign key") {
				gqlErr.Message = i18n.T(l, "the input refers to a record that does not exist")
				setCode(gqlErr, apperr.CodeBadUserInput)
			} else {
				gqlErr.Message = i18n.T(l, "the input conflicts with an existing record (a unique value is taken)")
				setCode(gqlErr, apperr.CodeConflict)
			}
		case errors.Is(err, context.Canceled):
			gqlErr.Message = i18n.T(l, "the request was cancelled")
			setCode(gqlErr, apperr.CodeCancelled)
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = i18n.T(l, "the request took too long")
			setCode(gqlErr, apperr.CodeTimeout)
		case errors.As(err, &ge) && ge.Extensions["code"] != nil:
			// gqlgen's own errors (parse, validation, complexity) pass through.
		case innermost(err).Error() == "introspection disabled":
			// gqlgen's refusal of __schema and __type with introspection off
			// (production): the client's request, not a fault.
			gqlErr.Message = i18n.T(l, "introspection is off on this server: the schema is published in graph/schema.graphql")
			setCode(gqlErr, apperr.CodeForbidden)
		default:
			id := requestid.From(ctx)
			log.ErrorContext(ctx, "internal error", "request_id", id, "err", err.Error())
			gqlErr.Message = i18n.T(l, "internal error (request %s)", id)
			setCode(gqlErr, apperr.CodeInternal)
			gqlErr.Extensions["requestId"] = id
		}
		return gqlErr
	}
}

// localizeApp gives an application error's message in l: its format translated,
// or, for a wrapped error ("%v"), that error translated.
func localizeApp(l i18n.Lang, ae *apperr.Error) string {
	if l != i18n.Indonesian || ae.Format == "" {
		return ae.Message
	}
	if ae.Format == "%v" && len(ae.Args) == 1 {
		if err, ok := ae.Args[0].(error); ok {
			return i18n.Err(l, err)
		}
	}
	return i18n.T(l, ae.Format, ae.Args...)
}

// RecoverFunc turns a resolver panic into a masked internal error; the stack goes
// to the log only.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", requestid.From(ctx), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errors.New("panic")
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// fieldPath is the GraphQL path of a field error: its field (an ent field or a
// dotted path within a domain input) under the operation's input argument.
func fieldPath(ctx context.Context, fe *validate.FieldError) []string {
	return argPath(ctx, strings.Split(fe.Field, ".")...)
}

// fieldMessage is a field error for people, in l: "hsCode: an HS code has …".
func fieldMessage(l i18n.Lang, fe *validate.FieldError) string {
	return fmt.Sprintf("%s: %s", camel(fe.Field), i18n.Err(l, fe.Err))
}

// inputPath names a bad ent field as a path under the mutation's input argument.
func inputPath(ctx context.Context, field string) []string { return argPath(ctx, field) }

// argPath is where the GraphQL layer reports a field the domain names (by
// its ent or input names, snake_case or camelCase): under the input argument
// when the field being resolved takes one, else among its arguments. Domain
// packages never build these paths (TestDomainBuildsNoGraphQLPaths).
func argPath(ctx context.Context, field ...string) []string {
	path := make([]string, 0, len(field)+1)
	if len(field) == 0 {
		return path // the operation as a whole (a list too long)
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		if _, ok := fc.Args["input"]; ok {
			path = append(path, "input")
		}
	}
	for _, f := range field {
		path = append(path, camel(f))
	}
	return path
}

// camel turns an ent column name into its GraphQL field name (hs_code → hsCode).
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
			continue
		}
		r := []rune(parts[i])
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, "")
}

// innermost returns the last error of a wrap chain: the broken rule itself, without
// the generated code's prefix.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
