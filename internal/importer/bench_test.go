package importer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// catalogCSV writes n product rows the way an Indonesian Excel saves them.
func catalogCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeffKode produk;Nama (Indonesia);Nama (Inggris);Kode HS;Spesies;Bentuk;Satuan jual;Pesanan minimum;Kapasitas;Satuan kapasitas;Periode kapasitas;Harga dari;Harga sampai;Mata uang;Incoterm;Waktu kirim (hari)\r\n")
	kinds := []struct{ id, en, hs, species, form, unit string }{
		{"Ikan tengiri beku", "Frozen Spanish mackerel", "0303.59", "Scomberomorus commerson", "Beku", "kg"},
		{"Tuna sirip kuning beku", "Frozen yellowfin tuna", "0303.42", "Thunnus albacares", "Beku", "kg"},
		{"Kerupuk ikan", "Fish crackers", "1905.90", "", "Olahan", "kg"},
		{"Sandal jepit", "Flip-flops", "6402.20", "", "Barang jadi", "pasang"},
	}
	for i := range n {
		k := kinds[i%len(kinds)]
		fmt.Fprintf(&b, "SKU-%05d;%s %d;%s %d;%s;%s;%s;%s;1.000;%d,5;ton;bulan;3,%02d;4,%02d;USD;FOB;14\r\n",
			i, k.id, i, k.en, i, k.hs, k.species, k.form, k.unit, 1+i%40, i%100, i%100)
	}
	return b.Bytes()
}

func TestCatalogOfTenThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 rows")
	}
	e := newEnv(t)
	file := catalogCSV(10000)
	rep := e.run(t, file, Options{})
	require.Empty(t, rep.Problems)
	require.Equal(t, 10000, rep.Created)
	again := e.run(t, file, Options{})
	require.Equal(t, 10000, again.Unchanged)
}

// BenchmarkImport10k imports 10,000 new rows (read, check, insert, index) and
// then the same file again (all unchanged).
func BenchmarkImport10k(b *testing.B) {
	file := catalogCSV(10000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnv(b)
		b.StartTimer()
		rep := e.run(b, file, Options{})
		if rep.Created != 10000 {
			b.Fatalf("created %d", rep.Created)
		}
		if again := e.run(b, file, Options{}); again.Unchanged != 10000 {
			b.Fatalf("unchanged %d", again.Unchanged)
		}
	}
}
