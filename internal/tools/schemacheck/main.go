// Command schemacheck holds the published schema (graph/schema.graphql) to the
// last released one (contract/schema.released.graphql): it lists every change
// and fails on a breaking one. After a deliberate breaking change, agreed with
// the clients, -update makes the current schema the released one.
//
//	go run ./internal/tools/schemacheck           # check
//	go run ./internal/tools/schemacheck -update   # release the current schema
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportiva/exportiva/internal/schemadiff"
)

func main() {
	released := flag.String("released", "contract/schema.released.graphql", "the last released schema")
	current := flag.String("current", "graph/schema.graphql", "the schema as it is now")
	update := flag.Bool("update", false, "make the current schema the released one")
	verbose := flag.Bool("v", false, "list the safe changes too")
	flag.Parse()
	if *update {
		b, err := os.ReadFile(*current)
		check(err)
		check(os.WriteFile(*released, b, 0o644)) //nolint:gosec // G306: the released schema committed to the repository
		fmt.Println("released:", *released, "now equals", *current)
		return
	}
	old, err := load(*released)
	check(err)
	cur, err := load(*current)
	check(err)
	changes := schemadiff.Compare(old, cur)
	breaking := 0
	for _, c := range changes {
		if c.Level == schemadiff.Breaking {
			breaking++
		}
		if c.Level != schemadiff.Safe || *verbose {
			fmt.Println(c)
		}
	}
	fmt.Printf("%d changes since the released schema, %d breaking\n", len(changes), breaking)
	if breaking > 0 {
		fmt.Fprintln(os.Stderr, "breaking changes: keep the old fields (deprecate them), or, if the clients agreed, run: go run ./internal/tools/schemacheck -update")
		os.Exit(1)
	}
}

func load(path string) (*ast.Schema, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G304: a schema file named by the developer's flag
	if err != nil {
		return nil, err
	}
	s, gerr := gqlparser.LoadSchema(&ast.Source{Name: path, Input: string(b)})
	if gerr != nil {
		return nil, gerr
	}
	return s, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemacheck:", err)
		os.Exit(2)
	}
}
