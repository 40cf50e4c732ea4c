// Command printschema writes the complete GraphQL schema (the hand-written files and
// the generated ent types together) to one SDL file: the contract the frontend team
// builds on. `go generate ./...` runs it after gqlgen.
package main

import (
	"bytes"
	"flag"
	"log"
	"os"

	"github.com/exportiva/exportiva/graph"
)

func main() {
	out := flag.String("out", "schema.graphql", "file to write")
	flag.Parse()
	var buf bytes.Buffer
	graph.PrintSchema(&buf)
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil { //nolint:gosec // G306: the schema file committed to the repository
		log.Fatal(err)
	}
}
