# The commands a contributor needs besides the README's two. `make help` lists them.
# CI runs .ci/run, which calls the same steps.
.PHONY: help generate migrate-check lint test test-race test-pg bench ci

PGHOST ?= 127.0.0.1
PGDB   ?= exportiva_dev_test
# The database where migrategen plans PostgreSQL migrations (in a throw-away schema).
PGDEV  ?= exportiva_dev_migrate
DEV_POSTGRES = postgres://postgres@$(PGHOST):5432/$(PGDEV)?sslmode=disable

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

generate: ## regenerate ent, the migrations of both dialects, the GraphQL schema and executor (commit the result)
	@psql -h $(PGHOST) -U postgres -d test -qtc "SELECT 1 FROM pg_database WHERE datname = '$(PGDEV)'" | grep -q 1 \
	  || psql -h $(PGHOST) -U postgres -d test -qc "CREATE DATABASE $(PGDEV)"
	EXPORTIVA_DEV_POSTGRES="$(DEV_POSTGRES)" go generate ./...

migrate-check: ## the migration directories of both dialects are in step with ent/schema (no file to add)
	@psql -h $(PGHOST) -U postgres -d test -qtc "SELECT 1 FROM pg_database WHERE datname = '$(PGDEV)'" | grep -q 1 \
	  || psql -h $(PGHOST) -U postgres -d test -qc "CREATE DATABASE $(PGDEV)"
	EXPORTIVA_DEV_POSTGRES="$(DEV_POSTGRES)" go run ./internal/tools/migrategen -dir ent/migrate/migrations -check

GOLANGCI_LINT_VERSION ?= v2.15.0
# golangci-lint is installed once into this cache directory (go install, no other download).
LINT_BIN ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/exportiva/bin

lint: ## go vet, golangci-lint (.golangci.yml; gofmt is its formatter) and the schema's breaking-change check
	go vet ./...
	@test -x "$(LINT_BIN)/golangci-lint" && "$(LINT_BIN)/golangci-lint" version 2>/dev/null | grep -q "$(GOLANGCI_LINT_VERSION:v%=%)" \
	  || GOBIN="$(LINT_BIN)" go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	"$(LINT_BIN)/golangci-lint" run ./...
	go run ./internal/tools/schemacheck

test: ## the tests on SQLite (the README's command)
	go test ./...

test-race: ## the race detector on the packages with concurrency
	go test -race -count=1 -timeout 20m ./internal/... ./graph/...

test-pg: ## the integration tests again on a fresh PostgreSQL database
	psql -h $(PGHOST) -U postgres -d test -qc "DROP DATABASE IF EXISTS $(PGDB) WITH (FORCE)"
	psql -h $(PGHOST) -U postgres -d test -qc "CREATE DATABASE $(PGDB)"
	EXPORTIVA_TEST_POSTGRES="postgres://postgres@$(PGHOST):5432/$(PGDB)?sslmode=disable" EXPORTIVA_REQUIRE_POSTGRES=1 \
	  go test -count=1 ./internal/store/... ./internal/server/... ./internal/match/... ./internal/events/... ./internal/importer/... ./graph/... \
	    ./internal/trade/... ./internal/auth/... ./internal/stats/... ./ent/schema/...

bench: ## docs/BENCHMARKS.md again (bench/run.sh; DURATION, CONNECTIONS, DATABASE adjust it)
	bash bench/run.sh

ci: ## everything CI runs
	bash .ci/run
