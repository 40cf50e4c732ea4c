package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/importer"
)

const importUsage = `usage:
  exportiva import products --producer ID [--dry-run] [--partial] [--lang id|en] [--json] FILE
  exportiva import template FILE.xlsx|FILE.csv
`

// importCommand imports a producer's products from a spreadsheet, as the trade
// office (the CLI runs on the server), or writes the template.
func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 {
		fmt.Fprint(stderr, importUsage)
		return errors.New("import: say what to import")
	}
	switch args[0] {
	case "template":
		if len(args) != 2 {
			fmt.Fprint(stderr, importUsage)
			return errors.New("import template: give the file to write")
		}
		return writeTemplate(args[1], stdout)
	case "products":
	default:
		fmt.Fprint(stderr, importUsage)
		return fmt.Errorf("import: unknown kind %q", args[0])
	}
	fs := flag.NewFlagSet("import products", flag.ContinueOnError)
	fs.SetOutput(stderr)
	database := fs.String("database", env("EXPORTIVA_DATABASE", "exportiva.db"), "SQLite file path or postgres:// URL (env EXPORTIVA_DATABASE)")
	producer := fs.Int("producer", 0, "id of the producer whose products the file lists")
	dryRun := fs.Bool("dry-run", false, "check everything, save nothing")
	partial := fs.Bool("partial", false, "save the good rows even when other rows have problems")
	lang := fs.String("lang", env("EXPORTIVA_LANG", "en"), "language of the report: en or id (env EXPORTIVA_LANG)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if *producer <= 0 || len(files) != 1 {
		fmt.Fprint(stderr, importUsage)
		return errors.New("import products: give --producer ID and one FILE")
	}
	l := i18n.Parse(*lang)
	f, err := os.Open(files[0]) //nolint:gosec // the operator names the file on the command line
	if err != nil {
		return err
	}
	defer closeInto(&err, f)
	start := time.Now()
	t, err := importer.Read(f, importer.DefaultLimits())
	if err != nil {
		return localizedFileError(l, err)
	}
	db, err := openMigrated(ctx, *database)
	if err != nil {
		return err
	}
	defer closeInto(&err, db)
	ctx = authz.System(ctx)
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return err
	}
	rep, err := importer.Import(ctx, tx.Client(), t, importer.Options{ProducerID: *producer, DryRun: *dryRun, Partial: *partial, Lang: l})
	if err != nil {
		_ = tx.Rollback()
		return localizedFileError(l, err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	took := time.Since(start)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printReport(stdout, rep, l, took)
	}
	if rep.ProblemCount > 0 {
		return fmt.Errorf("%d rows with problems", rep.Failed)
	}
	return nil
}

// parseInterspersed parses flags wherever they stand among the arguments
// ("FILE --dry-run" as well as "--dry-run FILE") and returns the others.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func printReport(w io.Writer, rep *importer.Report, l i18n.Lang, took time.Duration) {
	fmt.Fprintf(w, "%s (%s, %s)\n", rep.Summary(l), strings.ToUpper(rep.Format), took.Round(time.Millisecond))
	if len(rep.IgnoredColumns) > 0 {
		fmt.Fprintf(w, "%s: %s\n", i18n.T(l, "ignored columns"), strings.Join(rep.IgnoredColumns, ", "))
	}
	if len(rep.Problems) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", i18n.T(l, "row"), i18n.T(l, "column"), i18n.T(l, "value"), i18n.T(l, "problem"))
	for _, p := range rep.Problems {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", strconv.Itoa(p.Row), p.Column, p.Value, p.Message)
	}
	_ = tw.Flush() // like the Fprintf calls above: a failed terminal write has no recovery
	if more := rep.ProblemCount - len(rep.Problems); more > 0 {
		fmt.Fprintln(w, i18n.T(l, "… and %d more problems: fix these and import again", more))
	}
}

func localizedFileError(l i18n.Lang, err error) error {
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return errors.New(i18n.T(l, fe.Message, fe.Args...))
	}
	return err
}

func writeTemplate(path string, stdout io.Writer) error {
	var (
		b   []byte
		err error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		b, err = importer.TemplateXLSX()
	case ".csv":
		b = importer.TemplateCSV()
	default:
		return errors.New("import template: the file must end in .xlsx or .csv")
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil { //nolint:gosec // G703: the operator names the file on the command line
		return err
	}
	fmt.Fprintln(stdout, "template written to", path)
	return nil
}
