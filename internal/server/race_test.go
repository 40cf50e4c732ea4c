//go:build race

package server_test

// raceEnabled: the race detector changes what a request allocates.
const raceEnabled = true
