package main

import (
	"testing"

	atlas "ariga.io/atlas/sql/migrate"
	"github.com/stretchr/testify/require"
)

func TestDestructive(t *testing.T) {
	for _, text := range []string{
		"-- Drop index\nDROP INDEX \"product_hs_code\";\n",
		"ALTER TABLE \"buyers\" DROP COLUMN \"city\";\n",
		"DROP TABLE `buyers`;\n",
	} {
		require.NotEmpty(t, destructive(text), text)
	}
	for _, text := range []string{
		"ALTER TABLE `buyers` ADD COLUMN `tax_id` text NULL;\n",
		"CREATE INDEX `buyer_city` ON `buyers` (`city`);\n",
		// SQLite changes a column by rebuilding its table: the DROP is part of it.
		"CREATE TABLE `new_buyers` (`id` integer);\nINSERT INTO `new_buyers` (`id`) SELECT `id` FROM `buyers`;\nDROP TABLE `buyers`;\nALTER TABLE `new_buyers` RENAME TO `buyers`;\n",
	} {
		require.Empty(t, destructive(text), text)
	}
}

// TestVersionedNames: both dialects' files of one run carry one version.
func TestVersionedNames(t *testing.T) {
	files, err := versioned{"20260101000000"}.Format(&atlas.Plan{Name: "changes", Changes: []*atlas.Change{{Cmd: "SELECT 1"}}})
	require.NoError(t, err)
	require.Len(t, files, 1)
	require.Equal(t, "20260101000000_changes.sql", files[0].Name())
}
