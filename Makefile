# charmgen — the commands README.md promises:
#   make install  install charmgen where go install puts commands
#   make demo     build charmgen and run the main job on examples/demo
#   make test     run every test (what CI runs)
GO ?= go
BIN := bin/charmgen
# -buildvcs=auto records the checkout's revision for charmgen --version
# even where GOFLAGS says -buildvcs=false, and builds outside a checkout.
GOBUILDFLAGS ?= -buildvcs=auto

.PHONY: all build install bindir install-check demo test vet fmt-check fuzz schemas clean

all: build

build:
	$(GO) build $(GOBUILDFLAGS) -o $(BIN) ./cmd/charmgen

# Install charmgen into $(go env GOBIN), or the first $(go env GOPATH)/bin
# when GOBIN is unset (what 'make bindir' prints), and say whether that
# directory is on PATH. With a C compiler (gcc or clang) Go builds with cgo
# and every lint rule; without one (or CGO_ENABLED=0) the Python lint rules
# are left out (LINT006 says so when Python files are linted).
install:
	$(GO) install $(GOBUILDFLAGS) ./cmd/charmgen
	@dir="$$($(MAKE) -s --no-print-directory bindir)"; \
	echo "installed $$dir/charmgen ($$($(GO) env CGO_ENABLED | sed 's/1/with cgo: every lint rule/; s/0/without cgo: no Python lint rules/'))"; \
	case ":$$PATH:" in *":$$dir:"*) ;; *) echo "$$dir is not on PATH: run  export PATH=\"$$dir:\$$PATH\"  (and add it to your shell's profile)";; esac

# The directory make install installs into.
bindir:
	@dir="$$($(GO) env GOBIN)"; \
	if [ -z "$$dir" ]; then gopath="$$($(GO) env GOPATH)"; dir="$${gopath%%:*}/bin"; fi; \
	echo "$$dir"

# Check that README.md's install commands work in a fresh clone.
install-check:
	./scripts/install-check.sh

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
