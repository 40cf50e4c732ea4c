package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/importer"
	"github.com/exportiva/exportiva/internal/viewer"
)

// TestImportGate: while the imports allowed at once run, another upload is
// refused with SERVICE_UNAVAILABLE and a retryAfter before its file is read.
func TestImportGate(t *testing.T) {
	r := NewResolver(nil, nil, nil, nil, nil)
	r.importGate = importer.NewGate(1, 10*time.Millisecond)
	release, err := r.importGate.Enter(context.Background())
	require.NoError(t, err)
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: 1, Role: domain.RoleAdmin})
	id := 1
	file := strings.NewReader("SKU;HS code\nA;030359\n")
	_, err = r.importProducts(ctx, graphql.Upload{File: file}, &id, true, true)
	var ae *apperr.Error
	require.True(t, errors.As(err, &ae), "%v", err)
	require.Equal(t, apperr.CodeUnavailable, ae.Code)
	require.Equal(t, 5, ae.RetryAfter)
	require.Equal(t, int64(0), file.Size()-int64(file.Len()), "the file was not read")
	release()
}
