// Package importer reads a producer's products from a spreadsheet (XLSX or CSV,
// in Indonesian or English, written the way real Excel files are) and upserts
// them by the producer's own SKU, with a row-by-row report in the requester's
// language. Reading (Read) is apart from writing (Import) so the CLI and the
// GraphQL upload share both.
package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
	"github.com/exportiva/exportiva/internal/search"
	"github.com/exportiva/exportiva/internal/validate"
)

// Options of one import.
type Options struct {
	// ProducerID is the producer whose products the file lists.
	ProducerID int
	// DryRun checks everything and saves nothing.
	DryRun bool
	// Partial saves the good rows even when other rows have problems; by default
	// an import is all-or-nothing.
	Partial bool
	// Lang is the language of the report.
	Lang i18n.Lang
}

// Problem is what is wrong with one cell (or row) of the file.
type Problem struct {
	// Row is the row number as the spreadsheet program shows it.
	Row int
	// Column is the column's header as written in the file ("" for the row).
	Column string
	// Value is the cell's content.
	Value string
	// Message says what is wrong, in the report's language.
	Message string
}

// Report is the outcome of an import.
type Report struct {
	Format    string
	Sheet     string
	Encoding  string
	Delimiter string
	// Rows counts the product rows read (blank rows are not counted).
	Rows int
	// Created, Updated and Unchanged count the good rows by what they do; Skipped
	// counts example rows; Failed the rows with problems.
	Created, Updated, Unchanged, Skipped, Failed int
	// Applied is true when the changes were saved.
	Applied bool
	DryRun  bool
	// Problems lists the problems found, by row: the first MaxProblems, each
	// value cut to MaxProblemValue characters.
	Problems []Problem
	// ProblemCount counts every problem found, listed or not.
	ProblemCount int
	// IgnoredColumns are header cells that name no known column.
	IgnoredColumns []string
	// ProductIDs are the products the good rows created, updated or left unchanged.
	ProductIDs []int
}

// Import upserts the table's products for the producer through client, which
// must be a transaction's client. It works inside a savepoint and rolls back to
// it when nothing is to be saved (a dry run, problems in an all-or-nothing
// import, an error), so the caller's transaction keeps its other work either way.
// Errors are for the import as a whole (a missing column, an unknown producer, a
// refused write); problems with rows are in the report.
func Import(ctx context.Context, client *ent.Client, t *Table, o Options) (*Report, error) {
	if _, err := client.ExecContext(ctx, "SAVEPOINT product_import"); err != nil {
		return nil, err
	}
	rep, err := upsert(ctx, client, t, o)
	undo := context.WithoutCancel(ctx)
	if err != nil || !rep.Applied {
		if _, rerr := client.ExecContext(undo, "ROLLBACK TO SAVEPOINT product_import"); rerr != nil && err == nil {
			err = rerr
		}
	}
	if _, rerr := client.ExecContext(undo, "RELEASE SAVEPOINT product_import"); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func upsert(ctx context.Context, client *ent.Client, t *Table, o Options) (*Report, error) {
	l := o.Lang
	rep := &Report{Format: t.Format, Sheet: t.Sheet, Encoding: t.Encoding, Rows: len(t.Rows), DryRun: o.DryRun}
	if t.Delimiter != 0 {
		rep.Delimiter = string(t.Delimiter)
	}
	cols, ignored, err := mapHeader(t.Header, l)
	if err != nil {
		return nil, err
	}
	rep.IgnoredColumns = ignored
	if _, err := client.Producer.Get(ctx, o.ProducerID); err != nil {
		if ent.IsNotFound(err) {
			return nil, apperr.NotFound("producer %d not found", o.ProducerID)
		}
		return nil, err
	}
	existing, err := client.Product.Query().
		Where(product.ProducerID(o.ProducerID), product.SkuNotNil()).All(ctx)
	if err != nil {
		return nil, err
	}
	bySKU := make(map[string]*ent.Product, len(existing))
	for _, p := range existing {
		bySKU[strings.ToUpper(*p.Sku)] = p
	}
	seen := map[string]int{}
	var created []*ent.Product
	rows := newRowReader(cols)
	for _, row := range t.Rows {
		r := rows.read(row, cols, t.style, l)
		problems := r.problems
		sku := r.text("sku")
		if sku != "" && strings.EqualFold(sku, ExampleSKU) {
			rep.Skipped++
			continue
		}
		if first, dup := seen[strings.ToUpper(sku)]; dup && sku != "" {
			problems = append(problems, r.problem("sku", i18n.T(l, "the same SKU is already on row %d", first)))
		} else if sku != "" {
			seen[strings.ToUpper(sku)] = row.Num
		}
		old := bySKU[strings.ToUpper(sku)]
		if old == nil {
			problems = append(problems, r.missing(l)...)
		}
		if len(problems) > 0 {
			rep.Failed++
			rep.add(problems...)
			continue
		}
		var (
			p       *ent.Product
			changed bool
		)
		if old == nil {
			c := client.Product.Create().SetProducerID(o.ProducerID)
			if err = r.apply(c.Mutation(), nil); err == nil {
				p, err = c.Save(search.Deferred(ctx))
				changed = true
			}
		} else {
			u := old.Update()
			if err = r.apply(u.Mutation(), old); err == nil {
				if len(u.Mutation().Fields()) == 0 && len(u.Mutation().ClearedFields()) == 0 {
					p = old
				} else {
					p, err = u.Save(ctx)
					changed = true
				}
			}
		}
		if err != nil {
			if pr, ok := r.saveProblem(err, l); ok {
				rep.Failed++
				rep.add(pr)
				continue
			}
			return nil, err
		}
		rep.ProductIDs = append(rep.ProductIDs, p.ID)
		switch {
		case old == nil:
			rep.Created++
			created = append(created, p)
		case changed:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	rep.Applied = !o.DryRun && (rep.ProblemCount == 0 || o.Partial)
	if rep.Applied && len(created) > 0 {
		if err := search.BulkIndex(ctx, client, created, 500); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// MaxProblems is how many problems a report lists (the others are counted):
// a file of 10,000 rows with every cell wrong would otherwise answer a
// quarter of a million problems.
const MaxProblems = 1000

// MaxProblemValue is how many characters of a cell a problem quotes.
const MaxProblemValue = 200

// add counts problems and lists them up to MaxProblems.
func (rep *Report) add(ps ...Problem) {
	rep.ProblemCount += len(ps)
	for _, p := range ps {
		if len(rep.Problems) >= MaxProblems {
			return
		}
		if utf8.RuneCountInString(p.Value) > MaxProblemValue {
			p.Value = string([]rune(p.Value)[:MaxProblemValue]) + "…"
		}
		rep.Problems = append(rep.Problems, p)
	}
}

// column is a header cell mapped to a Column.
type column struct {
	Column
	pos    int
	header string
}

// mapHeader matches the header cells with the columns.
func mapHeader(header []string, l i18n.Lang) ([]column, []string, error) {
	var cols []column
	var ignored []string
	found := map[string]string{}
	for pos, h := range header {
		if h == "" {
			continue
		}
		i, ok := matchHeader(h)
		if !ok {
			ignored = append(ignored, h)
			continue
		}
		c := Columns[i]
		if prev, dup := found[c.Field]; dup {
			return nil, nil, &FileError{Message: "the columns %q and %q are the same column: keep one", Args: []any{prev, h}}
		}
		found[c.Field] = h
		cols = append(cols, column{Column: c, pos: pos, header: h})
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := found[c.Field]; c.Required && !ok {
			missing = append(missing, c.Header(l))
		}
	}
	if len(missing) > 0 {
		return nil, nil, &FileError{Message: "the header row lacks these columns: %s (download the template to see them)", Args: []any{strings.Join(missing, ", ")}}
	}
	return cols, ignored, nil
}

// row is a row's parsed values by ent field; a field with an empty cell is
// present with a nil value.
type row struct {
	num      int
	cols     map[string]column
	cells    map[string]string
	values   map[string]any
	problems []Problem
}

func readRow(r Row, cols []column, style numberStyle, l i18n.Lang) *row {
	return newRowReader(cols).read(r, cols, style, l)
}

// newRowReader returns a row to read rows into one after the other: its maps
// are reused (an import reads thousands of rows, and a row's maps weigh more
// than its cells).
func newRowReader(cols []column) *row {
	out := &row{cols: make(map[string]column, len(cols)), cells: make(map[string]string, len(cols)), values: make(map[string]any, len(cols)+4)}
	for _, c := range cols {
		out.cols[c.Field] = c
	}
	return out
}

// read reads r into out, forgetting the row read before.
func (r *row) read(src Row, cols []column, style numberStyle, l i18n.Lang) *row {
	r.num, r.problems = src.Num, r.problems[:0]
	clear(r.cells)
	clear(r.values)
	for _, c := range cols {
		cell := ""
		if c.pos < len(src.Cells) {
			cell = src.Cells[c.pos]
		}
		r.cells[c.Field] = cell
		if cell == "" {
			if _, set := r.values[c.Field]; !set { // "20 ton" may have filled it
				r.values[c.Field] = nil
			}
			continue
		}
		v, err := parseCell(c.Column, cell, style, r)
		if err != nil {
			r.problems = append(r.problems, r.problem(c.Field, i18n.Err(l, err)))
			continue
		}
		r.values[c.Field] = v
	}
	// Defaults and what other cells imply: the capacity unit is the unit of sale,
	// the period a month, the currency the one written with a price.
	if r.values["capacity_unit"] == nil && r.values["unit"] != nil {
		r.values["capacity_unit"] = r.values["unit"]
	}
	if r.values["capacity_period"] == nil {
		r.values["capacity_period"] = domain.PerMonth
	}
	if r.values["status"] == nil {
		r.values["status"] = domain.ProductActive
	}
	return r
}

// parseCell reads one cell as its column's kind. A unit written after the capacity
// ("20 ton") or a currency with a price ("Rp 45.000") fills its own column when
// that is empty.
func parseCell(c Column, cell string, style numberStyle, r *row) (any, error) {
	switch c.kind {
	case kindHS:
		return parseHS(cell)
	case kindNumber:
		f, rest, err := parseNumber(cell, style)
		if err != nil {
			return nil, err
		}
		if rest != "" {
			u, err := parseEnum("Unit", rest)
			if err != nil || c.Field != "capacity_amount" {
				return nil, errNumber
			}
			if r.values["capacity_unit"] == nil {
				r.values["capacity_unit"] = domain.Unit(u)
			}
		}
		if f <= 0 {
			return nil, validate.ErrPositive
		}
		return f, nil
	case kindInt:
		return parseInt(cell, style)
	case kindMoney:
		a, cur, err := parseMoney(cell, style)
		if err != nil {
			return nil, err
		}
		if cur != "" && r.values["price_currency"] == nil {
			r.values["price_currency"] = cur
		}
		return a, nil
	case kindCurrency:
		cur, ok := parseCurrency(cell)
		if !ok {
			return nil, validate.ErrCurrency
		}
		return cur, nil
	case kindEnum:
		v, err := parseEnum(c.enum, cell)
		if err != nil {
			return nil, err
		}
		switch c.enum {
		case "Unit":
			return domain.Unit(v), nil
		case "Period":
			return domain.Period(v), nil
		case "ProductForm":
			return domain.ProductForm(v), nil
		case "ProductStatus":
			return domain.ProductStatus(v), nil
		case "Incoterm":
			return domain.Incoterm(v), nil
		}
		return v, nil
	}
	return cell, nil
}

func (r *row) text(field string) string {
	s, _ := r.values[field].(string)
	return s
}

func (r *row) problem(field, msg string) Problem {
	c := r.cols[field]
	return Problem{Row: r.num, Column: c.header, Value: r.cells[field], Message: msg}
}

// missing reports the required cells a new product leaves empty.
func (r *row) missing(l i18n.Lang) []Problem {
	var out []Problem
	for _, c := range Columns {
		if c.Required && r.values[c.Field] == nil && r.cells[c.Field] == "" {
			out = append(out, r.problem(c.Field, i18n.Err(l, errRequired)))
		}
	}
	return out
}

// apply sets the row's values on a product mutation; with old, only the values
// that differ from it (an empty optional cell clears the value).
func (r *row) apply(m *ent.ProductMutation, old *ent.Product) error {
	for _, c := range Columns {
		v, present := r.values[c.Field]
		if !present {
			continue
		}
		var before any
		if old != nil {
			before = stored(old, c.Field)
			if v == nil && before == nil {
				continue
			}
			if v != nil && before != nil && v == before {
				continue
			}
		}
		if v == nil {
			if c.Required {
				return validate.Field(c.Field, errRequired)
			}
			if old != nil {
				if err := m.ClearField(c.Field); err != nil {
					return err
				}
			}
			continue
		}
		if err := m.SetField(c.Field, v); err != nil {
			return err
		}
	}
	return nil
}

// stored returns a product's value of a sheet column, nil when unset, with the
// same types readRow gives.
func stored(p *ent.Product, field string) any {
	str := func(s *string) any {
		if s == nil || *s == "" {
			return nil
		}
		return *s
	}
	plain := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	switch field {
	case "sku":
		return str(p.Sku)
	case "name_indonesian":
		return plain(p.NameIndonesian)
	case "name_english":
		return plain(p.NameEnglish)
	case "description_indonesian":
		return plain(p.DescriptionIndonesian)
	case "description_english":
		return plain(p.DescriptionEnglish)
	case "hs_code":
		return plain(p.HsCode)
	case "species":
		return plain(p.Species)
	case "material":
		return plain(p.Material)
	case "form":
		return p.Form
	case "unit":
		return p.Unit
	case "moq":
		return ptr(p.Moq)
	case "capacity_amount":
		return p.CapacityAmount
	case "capacity_unit":
		return p.CapacityUnit
	case "capacity_period":
		return p.CapacityPeriod
	case "price_min":
		return ptr(p.PriceMin)
	case "price_max":
		return ptr(p.PriceMax)
	case "price_currency":
		return str(p.PriceCurrency)
	case "incoterm":
		return ptr(p.Incoterm)
	case "lead_time_days":
		return ptr(p.LeadTimeDays)
	case "shelf_life_days":
		return ptr(p.ShelfLifeDays)
	case "pack_size":
		return ptr(p.PackSize)
	case "pack_unit":
		return ptr(p.PackUnit)
	case "packaging":
		return plain(p.Packaging)
	case "status":
		return p.Status
	}
	panic("importer: no stored value for column " + field)
}

func ptr[T any](v *T) any {
	if v == nil {
		return nil
	}
	return *v
}

// saveProblem turns a rule the product's hooks or validators refused into a
// problem of the row, at the column of the field.
func (r *row) saveProblem(err error, l i18n.Lang) (Problem, bool) {
	var fe *validate.FieldError
	var ve *ent.ValidationError
	field := ""
	switch {
	case errors.As(err, &fe):
		field = fe.Field
		err = fe.Err
	case errors.As(err, &ve):
		field = ve.Name
		err = errors.Unwrap(ve)
	default:
		return Problem{}, false
	}
	p := Problem{Row: r.num, Message: i18n.Err(l, err)}
	if c, ok := r.cols[field]; ok {
		p.Column, p.Value = c.header, r.cells[field]
	} else if c, ok := columnOf(field); ok {
		p.Column = c.Header(l)
	}
	return p, true
}

// Summary is a one-line account of the report in l.
func (rep *Report) Summary(l i18n.Lang) string {
	state := i18n.T(l, "saved")
	switch {
	case rep.DryRun:
		state = i18n.T(l, "dry run: nothing saved")
	case !rep.Applied:
		state = i18n.T(l, "nothing saved: fix the rows below and import again")
	}
	return fmt.Sprintf("%s — %s", i18n.T(l, "%d rows: %d new, %d updated, %d unchanged, %d with problems, %d skipped",
		rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Failed, rep.Skipped), state)
}
