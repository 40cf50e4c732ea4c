package importer

import (
	"bytes"
	"errors"
	"testing"

	"github.com/exportiva/exportiva/internal/i18n"
)

// FuzzRead: whatever the bytes, reading a file and its rows gives a table or a
// FileError (BAD_USER_INPUT for the API), never a panic or another error.
func FuzzRead(f *testing.F) {
	f.Add(TemplateCSV())
	if x, err := TemplateXLSX(); err == nil {
		f.Add(x)
	}
	f.Add([]byte(indonesianCSV))
	f.Add([]byte("sep=,\nSKU,Name\n\"a\"\"b\",c\n"))
	f.Add([]byte{0xFF, 0xFE, 'S', 0, 'K', 0, 'U', 0})
	f.Add([]byte("PK\x03\x04\x14\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Read(bytes.NewReader(data), Limits{MaxBytes: 1 << 20, MaxRows: 200})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FileError: %v", err)
			}
			return
		}
		cols, _, err := mapHeader(tab.Header, i18n.Indonesian)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FileError: %v", err)
			}
			return
		}
		for _, r := range tab.Rows {
			readRow(r, cols, tab.style, i18n.English)
		}
	})
}
