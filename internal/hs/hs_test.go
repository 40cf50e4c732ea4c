package hs

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEveryChapterHasBothTitles(t *testing.T) {
	ch := Chapters()
	require.Len(t, ch, 97)
	for i, c := range ch {
		require.Equal(t, fmt.Sprintf("%02d", i+1), c.Code)
		require.NotEmpty(t, c.English)
		require.NotEmpty(t, c.Indonesian)
		require.NotEqual(t, c.English, c.Indonesian, c.Code)
	}
}

func TestDescribe(t *testing.T) {
	ch, h, ok := Describe("030359")
	require.True(t, ok)
	require.Equal(t, "03", ch.Code)
	require.Equal(t, "Ikan dan krustasea, moluska serta invertebrata air lainnya", ch.Name("id"))
	require.NotNil(t, h)
	require.Equal(t, "0303", h.Code)
	require.Contains(t, h.Name("en"), "Fish, frozen")
	require.Contains(t, h.Name("id"), "Ikan, beku")

	ch, h, ok = Describe("64")
	require.True(t, ok)
	require.Nil(t, h)
	require.Equal(t, "Footwear, gaiters and the like; parts of such articles", ch.English)

	_, _, ok = Describe("98")
	require.False(t, ok)
	_, h, ok = Describe("9999")
	require.False(t, ok)
	require.Nil(t, h)
	require.NotEmpty(t, Headings("03"))
}
