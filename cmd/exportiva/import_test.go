package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/store"
)

func TestImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "x.db")
	require.NoError(t, run(ctx, []string{"seed", "--demo", "--database", dbPath}, io.Discard, io.Discard))
	db, err := store.Open(dbPath)
	require.NoError(t, err)
	sys := authz.System(ctx)
	producer := db.Client.Producer.Query().FirstX(sys)
	before := db.Client.Product.Query().CountX(sys)
	db.Close()

	// The template, written and read back: only its example row, which is skipped.
	tpl := filepath.Join(dir, "produk.xlsx")
	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"import", "template", tpl}, &out, io.Discard))
	id := strconv.Itoa(producer.ID)
	out.Reset()
	require.NoError(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, tpl}, &out, io.Discard))
	require.Contains(t, out.String(), "1 rows: 0 new, 0 updated, 0 unchanged, 0 with problems, 1 skipped")

	file := filepath.Join(dir, "produk.csv")
	bad := "Kode produk;Nama (Indonesia);Nama (Inggris);Kode HS;Bentuk;Satuan jual;Kapasitas\r\n" +
		"B-1;Bandeng beku;Frozen milkfish;0303.89;beku;kg;3 ton\r\n" +
		"B-2;Bandeng presto;Pressure-cooked milkfish;1604;olahan;kg;500\r\n"
	require.NoError(t, os.WriteFile(file, []byte(bad), 0o644))
	out.Reset()
	err = run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, "--lang", "id", file}, &out, io.Discard)
	require.Error(t, err, "problems make the command fail")
	require.Contains(t, out.String(), "tidak ada yang disimpan")
	require.Contains(t, out.String(), "kode HS terdiri atas 6 sampai 10 angka")
	require.Regexp(t, `\n3 +Kode HS +1604 +kode HS`, out.String())

	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(bad, ";1604;", ";1604.20;", 1)), 0o644))
	out.Reset()
	require.NoError(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, file, "--dry-run"}, &out, io.Discard), "flags after the file")
	require.Contains(t, out.String(), "2 rows: 2 new, 0 updated, 0 unchanged, 0 with problems, 0 skipped — dry run: nothing saved")
	out.Reset()
	require.NoError(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, file}, &out, io.Discard))
	require.Contains(t, out.String(), "2 rows: 2 new")
	out.Reset()
	require.NoError(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, file}, &out, io.Discard))
	require.Contains(t, out.String(), "2 rows: 0 new, 0 updated, 2 unchanged")

	db, err = store.Open(dbPath)
	require.NoError(t, err)
	defer db.Close()
	require.Equal(t, before+2, db.Client.Product.Query().CountX(sys))
	require.Equal(t, 1, db.Client.Product.Query().Where(product.Sku("B-2"), product.HsCode("160420")).CountX(sys))

	require.ErrorContains(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", "999", file}, io.Discard, io.Discard), "producer 999 not found")
	require.ErrorContains(t, run(ctx, []string{"import", "products", "--database", dbPath, "--producer", id, filepath.Join(dir, "x.db")}, io.Discard, io.Discard), "not a spreadsheet")
	require.Error(t, run(ctx, []string{"import", "products", file}, io.Discard, io.Discard))
}
