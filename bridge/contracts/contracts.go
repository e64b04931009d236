package contracts

import (
	_ "embed"
	"encoding/hex"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

var (
	//go:embed build/BTTCRoot.abi
	rootABI string
	//go:embed build/BTTCRoot.bin
	rootBin string
	//go:embed build/TestToken.abi
	tokenABI string
	//go:embed build/TestToken.bin
	tokenBin string
)

// RootArtifact is the root contract's ABI and creation bytecode; the
// abigen bindings (bttcroot_binding.go) are the typed way to call it.
var RootArtifact = mustLoad(rootABI, rootBin)

// TestTokenArtifact is the test token's ABI and creation bytecode.
var TestTokenArtifact = mustLoad(tokenABI, tokenBin)

// Artifact is a compiled contract.
type Artifact struct {
	ABI abi.ABI
	// ABIJSON is the ABI as solc wrote it: TRON's deploycontract takes it.
	ABIJSON  string
	Bytecode []byte
}

func mustLoad(abiJSON, bin string) Artifact {
	a, err := abi.JSON(strings.NewReader(abiJSON))
	if err != nil {
		panic("contracts: the committed ABI does not parse: " + err.Error())
	}
	code, err := hex.DecodeString(strings.TrimSpace(bin))
	if err != nil {
		panic("contracts: the committed bytecode is not hex: " + err.Error())
	}
	return Artifact{ABI: a, ABIJSON: strings.TrimSpace(abiJSON), Bytecode: code}
}
