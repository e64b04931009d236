# BTTC node. Meant for people who do not usually work with Go: each target
# is one command. `make run` starts a development chain, `make test` runs
# every test.

GO       ?= go
BIN      := bin/bttcd
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: build run test test-short fuzz bench lint clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/bttcd

run: build
	./$(BIN) dev

test:
	$(GO) test -count=1 -timeout 30m ./...

test-short:
	$(GO) test -short -count=1 ./...

# Each fuzz target for 30 s; FUZZTIME=5m make fuzz for longer.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./chain/tx -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./chain/tx -run '^$$' -fuzz '^FuzzMsg$$' -fuzztime $(FUZZTIME)
	$(GO) test ./chain/btt -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./chain/address -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./genesis -run '^$$' -fuzz '^FuzzDecodeAppState$$' -fuzztime $(FUZZTIME)
	$(GO) test ./chain/dec -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./staking -run '^$$' -fuzz '^FuzzMsgDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./staking -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)
	$(GO) test ./governance -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./governance -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)

bench: build
	$(GO) test ./chain -run '^$$' -bench . -benchtime 3x -timeout 30m
	$(GO) test ./staking -run '^$$' -bench . -benchtime 20x -timeout 30m
	$(GO) test ./governance -run '^$$' -bench . -benchtime 20x -timeout 30m
	BIN=$(BIN) ./scripts/bench-e2e.sh

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)
	@test "$$($(GO) list -m -f '{{.Version}}' github.com/syndtr/goleveldb)" = "v1.0.1-0.20210819022825-2ae1ddf74ef7" || (echo "goleveldb is not the pinned 2021 version"; exit 1)

clean:
	rm -rf bin
