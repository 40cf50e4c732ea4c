package i18n

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/domain"
)

func TestParse(t *testing.T) {
	for header, want := range map[string]Lang{
		"":                        English,
		"id":                      Indonesian,
		"id-ID,id;q=0.9,en;q=0.8": Indonesian,
		"en-US,en;q=0.9,id;q=0.8": English,
		"fr-FR":                   English,
		"ms":                      Indonesian, // Malay readers read Indonesian (CLDR matching)
		"de;q=0.9,id;q=0.5":       Indonesian,
		"*":                       English,
		";;;garbage":              English,
		"in":                      Indonesian, // the old code of Indonesian
	} {
		require.Equal(t, want, Parse(header), header)
	}
}

func TestTranslationsAndFallback(t *testing.T) {
	require.Equal(t, "produsen 7 tidak ditemukan", T(Indonesian, "producer %d not found", 7))
	require.Equal(t, "producer 7 not found", T(English, "producer %d not found", 7))
	require.Equal(t, "no translation for this 7", T(Indonesian, "no translation for this %d", 7), "missing: English")

	wrapped := fmt.Errorf("%w: %q", errors.New("an HS code has 6 to 10 digits"), "03")
	require.Equal(t, `kode HS terdiri atas 6 sampai 10 angka: "03"`, Err(Indonesian, wrapped), "the detail stays")
	require.Equal(t, `an HS code has 6 to 10 digits: "03"`, Err(English, wrapped))
	require.Equal(t, "something else", Err(Indonesian, errors.New("something else")))
}

// Every format keeps its verbs, in order, in Indonesian.
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	verbs := func(s string) []string {
		var out []string
		for i := 0; i < len(s)-1; i++ {
			if s[i] == '%' {
				out = append(out, s[i:i+2])
				i++
			}
		}
		return out
	}
	for en, id := range indonesian {
		require.Equal(t, verbs(en), verbs(id), "%q → %q", en, id)
	}
}

func TestEveryEnumHasLabels(t *testing.T) {
	for enum, values := range domain.Enums {
		vals, ok := Enum(Indonesian, enum)
		require.True(t, ok)
		require.Len(t, vals, len(values))
		for _, v := range vals {
			require.NotEmpty(t, v.Label, "%s.%s", enum, v.Value)
			require.NotEmpty(t, v.Description, "%s.%s", enum, v.Value)
		}
	}
	require.Equal(t, "Beku", Label(Indonesian, "ProductForm", "FROZEN"))
	require.Equal(t, "Frozen", Label(English, "ProductForm", "FROZEN"))
	require.Equal(t, "Brondong", Label(Indonesian, "District", "BRONDONG"), "proper names stay")
	require.Equal(t, "HACCP", Label(Indonesian, "CertificationType", "HACCP"))
	_, ok := Enum(English, "Colour")
	require.False(t, ok)
}
