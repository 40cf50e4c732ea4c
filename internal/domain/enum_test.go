package domain

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTableMarshalers(t *testing.T) {
	var u Unit
	require.NoError(t, u.UnmarshalGQL("CONTAINER_40FT"))
	require.Equal(t, UnitContainer40, u)
	require.ErrorContains(t, u.UnmarshalGQL("BARREL"), `"BARREL" is not a valid Unit`)
	require.Error(t, u.UnmarshalGQL(7))
	require.Equal(t, UnitContainer40, u, "a refused value leaves the old one")
	var b bytes.Buffer
	QuoteExpired.MarshalGQL(&b)
	require.Equal(t, `"EXPIRED"`, b.String())
	require.Equal(t, Units.Strings(), Unit("").Values(), "ent's values are the table's")
}

func TestTerms(t *testing.T) {
	require.Equal(t, "t", Units.Row(UnitTonne).Term(8))
	require.Equal(t, "piece", Units.Row(UnitPiece).Term(1))
	require.Equal(t, "pieces", Units.Row(UnitPiece).Term(3))
	require.Equal(t, "kg", Units.Row(UnitKG).Term(3), "the label when no prose is set")
	require.Equal(t, "health certificate", CertificationTypes.Row(CertHealth).Term(1))
	require.Equal(t, "ISO 22000", CertificationTypes.Row(CertISO22000).Term(1))
	require.Equal(t, "BARREL", Units.Row("BARREL").Term(2), "an unknown value names itself")
}

// An import word must mean one value: no alias of one value is another value,
// label or alias of the same enumeration.
func TestAliasesAreUnambiguous(t *testing.T) {
	for _, e := range all {
		owner := map[string]string{}
		claim := func(word, value string) {
			w := strings.ToLower(strings.TrimSpace(word))
			if prev, ok := owner[w]; ok && prev != value {
				t.Errorf("%s: %q means both %s and %s", e.Name, word, prev, value)
			}
			owner[w] = value
		}
		for _, d := range e.Values {
			for _, w := range append([]string{d.Value, d.English, d.Indonesian}, d.Aliases...) {
				claim(w, d.Value)
			}
		}
	}
}

func TestEveryRowIsComplete(t *testing.T) {
	for _, e := range all {
		require.NotEmpty(t, e.Description, e.Name)
		require.NotEmpty(t, e.Values, e.Name)
		for _, d := range e.Values {
			require.True(t, strings.HasSuffix(d.Description, "."), "%s.%s: a sentence", e.Name, d.Value)
			require.NotEmpty(t, d.English, "%s.%s", e.Name, d.Value)
			require.NotEmpty(t, d.Indonesian, "%s.%s", e.Name, d.Value)
		}
	}
}
