package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/exportiva/exportiva/internal/domain"
	"github.com/exportiva/exportiva/internal/i18n"
)

// templateHeader is a column's header as the template writes it: Indonesian
// first, then English ("Kode produk / SKU"), a star on required columns. Either
// language alone is read too.
func templateHeader(c Column) string {
	star := ""
	if c.Required {
		star = "*"
	}
	if c.Indonesian == c.English {
		return c.Indonesian + star
	}
	return c.Indonesian + star + " / " + c.English + star
}

// TemplateCSV is the CSV template: UTF-8 with a BOM (so Excel reads the accents),
// separated by semicolons with decimal commas, as Excel writes CSV in Indonesia.
func TemplateCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = true
	header := make([]string, len(Columns))
	example := make([]string, len(Columns))
	for i, c := range Columns {
		header[i], example[i] = templateHeader(c), c.Example
	}
	_ = w.Write(header)
	_ = w.Write(example)
	w.Flush()
	return b.Bytes()
}

// TemplateXLSX is the Excel template: the sheet "Produk" with the bilingual
// header and an example row, drop-down lists for the coded columns, the HS code
// column as text (so Excel keeps its leading zero), and a sheet "Petunjuk" that
// explains every column in both languages.
func TemplateXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const sheet = "Produk"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return nil, err
	}
	lists := sheetLists()
	for i, c := range Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sheet, col+"1", templateHeader(c)); err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sheet, col, col, 18); err != nil {
			return nil, err
		}
		example := any(c.Example)
		if c.kind == kindNumber || c.kind == kindInt || c.kind == kindMoney {
			if c.Example != "" {
				v, _, _ := parseNumber(c.Example, styleComma)
				example = v
			}
		}
		if c.Example != "" {
			if err := f.SetCellValue(sheet, fmt.Sprintf("%s2", col), example); err != nil {
				return nil, err
			}
		}
		if c.kind == kindHS || c.Field == "sku" {
			if err := f.SetColStyle(sheet, col, text); err != nil {
				return nil, err
			}
		}
		if values, ok := lists[c.Field]; ok {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s20001", col, col)
			if err := dv.SetDropList(values); err != nil {
				return nil, err
			}
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Exportiva", "Pilih dari daftar / choose from the list")
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return nil, err
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(len(Columns))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return nil, err
	}
	if err := f.SetRowHeight(sheet, 1, 32); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := instructions(f, bold); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sheetLists gives the drop-down values of the coded columns, in Indonesian.
func sheetLists() map[string][]string {
	label := func(enum string, values ...string) []string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = i18n.Label(i18n.Indonesian, enum, v)
		}
		return out
	}
	units := []string{"kg", "ton", "pasang", "buah", "lusin", "liter", "m3", "karton", "lb"}
	return map[string][]string{
		"form":            label("ProductForm", domain.ProductForm("").Values()...),
		"unit":            units,
		"capacity_unit":   units,
		"pack_unit":       units[:7],
		"capacity_period": {"minggu", "bulan", "tahun"},
		"status":          label("ProductStatus", domain.ProductStatus("").Values()...),
		"incoterm":        domain.Incoterm("").Values(),
	}
}

func instructions(f *excelize.File, bold int) error {
	const sheet = "Petunjuk"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	rows := [][]string{
		{"Kolom", "Column", "Wajib / Required", "Keterangan", "Notes"},
	}
	for _, c := range Columns {
		req := ""
		if c.Required {
			req = "ya / yes"
		}
		rows = append(rows, []string{c.Indonesian, c.English, req, i18n.T(i18n.Indonesian, c.Help), c.Help})
	}
	rows = append(rows, []string{}, []string{
		"Baris contoh dengan kode " + ExampleSKU + " dilewati saat impor; ganti dengan produk Anda.",
		"The example row with code " + ExampleSKU + " is skipped on import; replace it with your products.",
	}, []string{
		"Angka boleh ditulis 1.234,5 atau 1,234.5; satuan seperti ton, kg, pasang, buah.",
		"Numbers may be written 1.234,5 or 1,234.5; units such as ton, kg, pasang, buah.",
	})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "B", 26); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "C", "C", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "D", "E", 70); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A1", "E1", bold)
}

// TemplateName returns the download file name of a template format.
func TemplateName(format string) string { return "exportiva-produk." + strings.ToLower(format) }
