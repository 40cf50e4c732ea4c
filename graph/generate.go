// Package graph is Exportiva's GraphQL layer: the hand-written schema files
// (*.graphqls), the resolvers, and the executor gqlgen generates from them.
package graph

// gqlgen resolves the paths of gqlgen.yml from the working directory, so it runs
// from the repository root. `go generate ./...` runs ent/ (entc) before graph/.
//go:generate sh -c "cd .. && go run -mod=mod github.com/99designs/gqlgen generate"
//go:generate go run -mod=mod ../internal/tools/printschema -out schema.graphql
