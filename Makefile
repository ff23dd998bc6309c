# Two commands matter on a fresh machine: `make serve` and `make test`.
GO ?= go

.PHONY: build serve test check bench fmt vet

build:
	$(GO) run ./cmd/explainer build

serve:
	$(GO) run ./cmd/explainer serve

test:
	$(GO) vet ./...
	$(GO) test -race ./...
	$(GO) run ./cmd/explainer parse > /dev/null

check: build
	bash tools/check/run-all.sh build

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
