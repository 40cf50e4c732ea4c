// Package ent is generated from ent/schema; see entc.go.
package ent

//go:generate go run -mod=mod entc.go
//go:generate go run -mod=mod ../internal/tools/migrategen -dir migrate/migrations
