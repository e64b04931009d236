package api

import (
	"encoding/json"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// Query paths. Every answer is JSON except /store, which returns the raw
// value (with an ICS23 proof when asked).
const (
	PathAccount  = "/account/" // + address in either form
	PathSupply   = "/supply"
	PathParams   = "/params"
	PathStore    = "/store" // Data: the full store key
	PathSimulate = "/simulate"

	// PathStaking prefixes staking queries: /staking/NAME/ARG/ARG, each
	// argument an address in either form; /staking/validators takes an
	// optional status (bonded, unbonding, unbonded) as its argument.
	PathStaking = "/staking/"

	// PathGov prefixes governance queries:
	//
	//	/gov/proposals[?status=S&voter=ADDR&depositor=ADDR]
	//	/gov/proposal/ID   /gov/tally/ID   /gov/votes/ID   /gov/deposits/ID
	//	/gov/params   /gov/upgrade-plan   /gov/upgrade-applied/NAME
	PathGov = "/gov/"

	// PathBridge prefixes bridge queries:
	//
	//	/bridge/chains   /bridge/chain/NAME   /bridge/checkpoints/NAME
	//	/bridge/checkpoint/NAME/N   /bridge/withdrawals/ADDRESS
	//	/bridge/withdrawal-proof/NAME/ID   /bridge/params
	PathBridge = "/bridge/"

	// PathSpeed prefixes Speed channel queries:
	//
	//	/speed/channel/ID   /speed/channels/payer|payee/ADDRESS[/AFTER[/LIMIT]]
	//	/speed/next/PAYER/PAYEE   /speed/params
	PathSpeed = "/speed/"

	// PathStorage prefixes storage contract queries:
	//
	//	/storage/contract/ID   /storage/contracts/renter|host/ADDRESS[/AFTER[/LIMIT]]
	//	/storage/challenge/ID/PERIOD   /storage/next/RENTER   /storage/params
	PathStorage = "/storage/"
)

// CodespaceTx is the codespace of the transaction pipeline's own errors,
// and CodeBadNonce its code for a nonce that is not the sender's next:
// clients retry those with a fresh nonce.
const (
	CodespaceTx  = "tx"
	CodeBadNonce = 11
)

// DefaultGasPrice is the gas price nodes admit by default (app.toml's
// minimum-gas-price) and so what clients offer unless told otherwise.
const DefaultGasPrice = "1000000000wei"

// ProofOpIAVL is the type of the proof op returned with /store queries.
const ProofOpIAVL = "ics23:iavl"

// Query result codes, in codespace "query".
const (
	CodespaceQuery          = "query"
	CodeUnknownPath  uint32 = 1
	CodeBadRequest   uint32 = 2
	CodeNoHeight     uint32 = 3
	CodeInternalRead uint32 = 4
	CodeNotFound     uint32 = 5
)

// AccountView is the JSON answer of /account.
type AccountView struct {
	Address    address.Address `json:"address"`
	Balance    string          `json:"balance"`
	BalanceWei string          `json:"balance_wei"`
	Nonce      uint64          `json:"nonce"`
}

// SupplyView is the JSON answer of /supply.
type SupplyView struct {
	Supply    string `json:"supply"`
	SupplyWei string `json:"supply_wei"`
}

// ParamsView is the JSON answer of /params. The bank's and the modules'
// parameters are their own JSON, decoded by whoever needs them, so that
// reading the chain id does not link the state machine.
type ParamsView struct {
	ChainID    string          `json:"chain_id"`
	Tx         tx.Params       `json:"tx"`
	Bank       json.RawMessage `json:"bank"`
	Staking    json.RawMessage `json:"staking"`
	Governance json.RawMessage `json:"governance"`
	Speed      json.RawMessage `json:"speed"`
	Storage    json.RawMessage `json:"storage"`
}

// SimulateView is the JSON answer of /simulate: what the transaction would
// do if it were the next one in a block on top of the last committed state.
type SimulateView struct {
	GasUsed   uint64 `json:"gas_used"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
}
