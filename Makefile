# BTTC node. Meant for people who do not usually work with Go: each target
# is one command. `make run` starts a development chain, `make test` runs
# every test.

GO       ?= go
BIN      := bin/bttcd
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: build run test test-short fuzz bench bench-memory lint clean localnet localnet-stop contracts contracts-deps peers-deps

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/bttcd
	$(GO) build -o bin/bttc-rootchain ./cmd/bttc-rootchain
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/btt ./cmd/btt

# The dev chain, bridged to a local root chain: scripts/run-dev.sh.
run: build
	./scripts/run-dev.sh

# The second line runs the application, its store and the in-process node
# (whose ABCI connections run concurrently) again under the race detector;
# the pruning soak's two thousand blocks, which ran in the first, would
# take minutes there.
test: contracts-deps peers-deps
	$(GO) test -count=1 -timeout 60m ./...
	$(GO) test -race -count=1 -skip TestPruningSoak ./chain/ ./core/state/ ./node/

test-short:
	$(GO) test -short -count=1 ./...

# Each fuzz target for 30 s; FUZZTIME=5m make fuzz for longer.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./chain -run '^$$' -fuzz '^FuzzApp$$' -fuzztime $(FUZZTIME)
	$(GO) test ./bridge -run '^$$' -fuzz '^FuzzDecodeExtension$$' -fuzztime $(FUZZTIME)
	$(GO) test ./client/torrent -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./client/torrent -run '^$$' -fuzz '^FuzzParseMagnet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./client/wire -run '^$$' -fuzz '^FuzzParseHandshake$$' -fuzztime $(FUZZTIME)
	$(GO) test ./client/wire -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)
	$(GO) test ./client/wire -run '^$$' -fuzz '^FuzzParseSpeed$$' -fuzztime $(FUZZTIME)
	$(GO) test ./bridge -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME)
	$(GO) test ./bridge -run '^$$' -fuzz '^FuzzChainContent$$' -fuzztime $(FUZZTIME)
	$(GO) test ./bridge/relay/tron -run '^$$' -fuzz '^FuzzDecodeRaw$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/tx -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/tx -run '^$$' -fuzz '^FuzzMsg$$' -fuzztime $(FUZZTIME)
	$(GO) test ./settlement/speed/paych -run '^$$' -fuzz '^FuzzDecodeMsgs$$' -fuzztime $(FUZZTIME)
	$(GO) test ./settlement/speed -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)
	$(GO) test ./settlement/storage/merkle -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME)
	$(GO) test ./settlement/storage/deal -run '^$$' -fuzz '^FuzzDecodeMsgs$$' -fuzztime $(FUZZTIME)
	$(GO) test ./settlement/storage -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)
	$(GO) test ./node -run '^$$' -fuzz '^FuzzDecodeChunk$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/btt -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/address -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./genesis -run '^$$' -fuzz '^FuzzDecodeAppState$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/state -run '^$$' -fuzz '^FuzzLatestValues$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/dec -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./staking -run '^$$' -fuzz '^FuzzMsgDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./staking -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)
	$(GO) test ./governance -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./governance -run '^$$' -fuzz '^FuzzModel$$' -fuzztime $(FUZZTIME)
	$(GO) test ./governance -run '^$$' -fuzz '^FuzzDecodeProposalFile$$' -fuzztime $(FUZZTIME)

bench: build
	$(GO) test ./chain -run '^$$' -bench . -benchtime 10x -timeout 30m
	$(GO) test ./staking -run '^$$' -bench . -benchtime 20x -timeout 30m
	$(GO) test ./governance -run '^$$' -bench . -benchtime 20x -timeout 30m
	$(GO) test ./settlement/speed/paych -run '^$$' -bench . -benchtime 20000x
	$(GO) test ./settlement/storage -run '^$$' -bench . -benchtime 200x
	$(GO) test ./node -run '^$$' -bench BenchmarkStateSnapshot -benchtime 1x -timeout 30m
	BIN=$(BIN) ./scripts/bench-e2e.sh
	BIN=$(BIN) ./scripts/bench-bridge.sh
	$(GO) test ./test/interop -run '^$$' -bench BenchmarkTransfer -benchtime 1x -timeout 90m
	$(GO) test ./client/speed -run '^$$' -bench . -benchtime 5000x
	$(GO) test ./client/swarm -run '^$$' -bench BenchmarkPaidDownload -benchtime 4x -timeout 30m
	BIN=$(BIN) FUNDED=100000 BATCH=10 ./scripts/bench-ceiling.sh
	BIN=$(BIN) FUNDED=100000 BATCH=1 ./scripts/bench-ceiling.sh
	BIN=$(BIN) FUNDED=1000000 ACCOUNTS=100000 BATCH=10 ROUNDS=1 ./scripts/bench-ceiling.sh

# The node's memory over half an hour at a million accounts (not part of
# `make bench`: it takes 35 minutes).
bench-memory: build
	BIN=$(BIN) ./scripts/bench-memory.sh

# The root contract: solc from npm, pinned in bridge/contracts/package.json
# and its lock file. `make contracts` recompiles the committed ABI and
# bytecode; `make test` checks they are current.
# The BitTorrent clients btt's interop tests run against (Transmission,
# aria2, libtorrent, mktorrent), from Debian's packages.
peers-deps:
	@./scripts/install-peers.sh

contracts-deps:
	@test -d bridge/contracts/node_modules/solc || (cd bridge/contracts && npm ci --no-audit --no-fund)

contracts: contracts-deps
	cd bridge/contracts && node compile.js
	cd bridge/contracts && $(GO) tool abigen --v2 --abi build/BTTCRoot.abi --bin build/BTTCRoot.bin --pkg contracts --type BTTCRoot --out bttcroot_binding.go
	cd bridge/contracts && $(GO) tool abigen --v2 --abi build/TestToken.abi --bin build/TestToken.bin --pkg contracts --type TestToken --out testtoken_binding.go

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)
	@test "$$($(GO) list -m -f '{{.Version}}' github.com/syndtr/goleveldb)" = "v1.0.1-0.20210819022825-2ae1ddf74ef7" || (echo "goleveldb is not the pinned 2021 version"; exit 1)

# Four validators on 127.0.0.1 in ./localnet (made on first use), in the
# background; logs in localnet/node*/bttcd.log. LOCALNET_VALIDATORS=7 for more.
LOCALNET_VALIDATORS ?= 4
localnet: build
	@test -d localnet || ./$(BIN) testnet init-files --validators $(LOCALNET_VALIDATORS) --output-dir localnet
	@test ! -f localnet/testnet.pid || (echo "localnet is already running (make localnet-stop)"; exit 1)
	nohup ./$(BIN) testnet start --output-dir localnet > localnet/testnet.log 2>&1 &
	@sleep 1; cat localnet/testnet.log

localnet-stop:
	@test -f localnet/testnet.pid || (echo "localnet is not running"; exit 1)
	kill $$(cat localnet/testnet.pid)
	@while test -f localnet/testnet.pid; do sleep 0.2; done; echo "localnet stopped"

clean:
	rm -rf bin
