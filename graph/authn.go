package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/viewer"
)

// publicMutations are the mutations an anonymous client may call.
var publicMutations = map[string]bool{"signUp": true, "logIn": true, "__typename": true,
	// Account life: the links of e-mails are followed signed out.
	"register": true, "verifyEmail": true, "requestPasswordReset": true, "resetPassword": true, "confirmEmailChange": true, "acceptInvitation": true}

// SignedInMutations refuses, before anything executes, a mutation from an
// anonymous client (other than signUp, logIn and the account-life links) with UNAUTHENTICATED. It is the
// coarse gate; the privacy policies decide everything finer.
type SignedInMutations struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = SignedInMutations{}

// ExtensionName implements graphql.HandlerExtension.
func (SignedInMutations) ExtensionName() string { return "SignedInMutations" }

// Validate implements graphql.HandlerExtension.
func (SignedInMutations) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (SignedInMutations) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation || viewer.FromContext(ctx) != nil {
		return nil
	}
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
		if !publicMutations[f.Name] {
			return &gqlerror.Error{
				Message:    f.Name + ": sign in first (Authorization: Bearer <token> from logIn)",
				Path:       ast.Path{ast.PathName(f.Alias)},
				Extensions: map[string]any{"code": apperr.CodeUnauthenticated},
			}
		}
	}
	return nil
}
