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

// Root is the root contract's ABI and creation bytecode.
var Root = mustLoad(rootABI, rootBin)

// TestToken is the test token's ABI and creation bytecode.
var TestToken = mustLoad(tokenABI, tokenBin)

// Artifact is a compiled contract.
type Artifact struct {
	ABI      abi.ABI
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
	return Artifact{ABI: a, Bytecode: code}
}
