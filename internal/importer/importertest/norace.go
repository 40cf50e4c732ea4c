//go:build !race

package importertest

const raceEnabled = false
