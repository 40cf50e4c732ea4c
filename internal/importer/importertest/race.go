//go:build race

package importertest

// raceEnabled: the race detector multiplies memory use, so peaks are not
// measured under it.
const raceEnabled = true
