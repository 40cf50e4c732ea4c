package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/importer"
	"github.com/exportiva/exportiva/internal/viewer"
)

// importProducts reads the uploaded file and imports it for the producer (the
// viewer's own unless an officer names one). The mutation's transaction holds the
// import; the importer rolls its own work back when nothing is to be saved.
func (r *Resolver) importProducts(ctx context.Context, file graphql.Upload, producerID *int, dryRun, allOrNothing bool) (*importer.Report, error) {
	v := viewer.FromContext(ctx)
	if producerID == nil {
		if v == nil || v.ProducerID == nil {
			return nil, apperr.BadInput([]string{"producerId"}, "import for which producer? give producerId")
		}
		producerID = v.ProducerID
	}
	if err := authz.CanImportFor(ctx, *producerID); err != nil {
		return nil, err
	}
	if file.File == nil {
		return nil, apperr.BadInput([]string{"file"}, "an import needs a file")
	}
	release, err := r.importGate.Enter(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	t, err := importer.Read(file.File, r.importLimits)
	if err != nil {
		return nil, fileError(err)
	}
	rep, err := importer.Import(ctx, r.db(ctx), t, importer.Options{
		ProducerID: *producerID, DryRun: dryRun, Partial: !allOrNothing, Lang: i18n.From(ctx),
	})
	if err != nil {
		return nil, fileError(err)
	}
	return rep, nil
}

// fileError turns a problem with the whole file into BAD_USER_INPUT at "file".
func fileError(err error) error {
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return apperr.BadInput([]string{"file"}, fe.Message, fe.Args...)
	}
	return err
}

// localized picks the text in the request's language, or the other one when it
// is empty.
func localized(ctx context.Context, indonesian, english string) string {
	if i18n.From(ctx) == i18n.Indonesian && indonesian != "" || english == "" {
		return indonesian
	}
	return english
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
