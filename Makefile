# charmgen — the two commands README.md promises:
#   make demo   build charmgen and run the main job on examples/demo
#   make test   run every test (what CI runs)
GO ?= go
BIN := bin/charmgen

.PHONY: all build demo test vet fmt-check fuzz schemas clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/charmgen

demo: build
	./scripts/demo.sh $(BIN)

test: fmt-check vet
	$(GO) test ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# Regenerate the published JSON Schemas after changing the Go types.
schemas: build
	./$(BIN) schema export --out schemas

# Run each fuzz target for FUZZTIME (default 1m).
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./meta -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)

clean:
	rm -rf bin
