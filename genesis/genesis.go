package genesis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/types"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/staking"
)

// AppState is the application's part of genesis.json.
type AppState struct {
	Tx         tx.Params          `json:"tx"`
	Bank       bank.Genesis       `json:"bank"`
	Staking    staking.Genesis    `json:"staking"`
	Governance governance.Genesis `json:"governance"`
	// Bridge may be left out of a genesis file: its defaults (no root
	// chains) apply.
	Bridge bridge.Genesis `json:"bridge"`
	// Speed may be left out too: its default params apply.
	Speed speed.Genesis `json:"speed"`
	// Storage may be left out too.
	Storage storage.Genesis `json:"storage"`
	// Export, in a genesis written by bttcd export, is the whole state of
	// the chain it continues, and the only section.
	Export *Export `json:"export,omitempty"`
}

// ErrInvalid wraps every problem found in a genesis file.
var ErrInvalid = errors.New("invalid genesis")

// DefaultAppState has default params and no accounts.
func DefaultAppState() AppState {
	return AppState{
		Tx:         tx.DefaultParams(),
		Bank:       bank.Genesis{Params: bank.DefaultParams(), Accounts: []bank.GenesisAccount{}},
		Staking:    staking.DefaultGenesis(),
		Governance: governance.DefaultGenesis(),
		Bridge:     bridge.DefaultGenesis(),
		Speed:      speed.DefaultGenesis(),
		Storage:    storage.DefaultGenesis(),
	}
}

// Validate checks every module's part.
func (s *AppState) Validate() error {
	if err := s.Tx.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.tx: %w", ErrInvalid, err)
	}
	if _, _, err := s.Bank.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.bank.%w", ErrInvalid, err)
	}
	if err := s.Staking.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.staking.%w", ErrInvalid, err)
	}
	if err := s.Governance.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.governance.%w", ErrInvalid, err)
	}
	if err := s.Bridge.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.bridge.%w", ErrInvalid, err)
	}
	if err := s.Speed.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.speed.%w", ErrInvalid, err)
	}
	if err := s.Storage.Validate(); err != nil {
		return fmt.Errorf("%w: app_state.storage.%w", ErrInvalid, err)
	}
	if len(s.Staking.Validators) == 0 {
		return fmt.Errorf("%w: app_state.staking.validators is empty: a chain needs at least one validator", ErrInvalid)
	}
	return nil
}

// DecodeAppState parses and validates app_state bytes.
func DecodeAppState(raw []byte) (*AppState, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%w: app_state is missing", ErrInvalid)
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) == nil && top["export"] != nil {
		return decodeExport(top)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	s := AppState{Bridge: bridge.DefaultGenesis(), Speed: speed.DefaultGenesis(), Storage: storage.DefaultGenesis()}
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: app_state: %s", ErrInvalid, describeJSONError(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: app_state: trailing data after the object", ErrInvalid)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("field %s: want %s, found a JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Sprintf("not JSON at byte %d: %v", syntaxErr.Offset, err)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// Load reads genesis.json and checks both CometBFT's part and app_state.
func Load(path string) (*types.GenesisDoc, *AppState, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read genesis: %w", err)
	}
	return Parse(path, raw)
}

// Parse is Load for bytes; name is used in errors.
func Parse(name string, raw []byte) (*types.GenesisDoc, *AppState, error) {
	if err := checkTopLevel(raw); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %w", ErrInvalid, name, err)
	}
	doc, err := types.GenesisDocFromJSON(raw)
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "unexpected end of JSON input") {
			msg = "the file ends early (truncated?)"
		}
		return nil, nil, fmt.Errorf("%w: %s: %s", ErrInvalid, name, msg)
	}
	app, err := DecodeAppState(doc.AppState)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return doc, app, nil
}

// MaxInitialHeight bounds initial_height far below the int64 heights
// CometBFT counts in, so that no height of the chain can overflow.
const MaxInitialHeight = 1 << 53

// topLevelKeys are the fields of CometBFT's genesis document.
var topLevelKeys = []string{"genesis_time", "chain_id", "initial_height", "consensus_params", "validators", "app_hash", "app_state"}

// checkTopLevel refuses what CometBFT would silently ignore or fill in: an
// unknown field (a typo), no genesis_time (CometBFT would take each
// node's own clock, and the nodes would disagree), and an initial_height
// out of range.
func checkTopLevel(raw []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		if strings.Contains(err.Error(), "unexpected end of JSON input") {
			return errors.New("the file ends early (truncated?)")
		}
		return fmt.Errorf("not a JSON object: %v", err)
	}
	for k := range top {
		if !slices.Contains(topLevelKeys, k) {
			return fmt.Errorf("unknown field %q (the fields are %s)", k, strings.Join(topLevelKeys, ", "))
		}
	}
	if t, ok := top["genesis_time"]; !ok || string(t) == `""` || string(t) == "null" {
		return errors.New("genesis_time is missing: every node must start from the same time")
	}
	if h, ok := top["initial_height"]; ok {
		var text string
		if err := json.Unmarshal(h, &text); err != nil {
			return fmt.Errorf("initial_height: want a number in quotes, as CometBFT writes it: %s", h)
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n < 0 || n > MaxInitialHeight {
			return fmt.Errorf("initial_height %q: want 1 to %d", text, int64(MaxInitialHeight))
		}
	}
	return nil
}

// Options describe a new genesis document.
type Options struct {
	ChainID     string
	GenesisTime time.Time
	AppState    AppState
}

// AddValidator makes operator a genesis validator with the given consensus
// key and self-bond, and adds the self-bond to the operator's genesis
// balance so that it can be bonded. The bridge signer starts as the
// operator's own address; commission starts at 10% (max 20%, 1% a day).
func AddValidator(app *AppState, operator address.Address, consPubKey []byte, moniker string, selfBond *uint256.Int) error {
	v := staking.GenesisValidator{
		Operator: operator, ConsPubKey: consPubKey, BridgeSigner: operator,
		Description: staking.Description{Moniker: moniker}, SelfBond: btt.NewAmount(selfBond),
	}
	v.Commission.Rate, v.Commission.MaxRate, v.Commission.MaxChange = dec.Percent(10), dec.Percent(20), dec.Percent(1)
	for i, a := range app.Bank.Accounts {
		if a.Address != operator {
			continue
		}
		have, err := btt.Parse(a.Balance)
		if err != nil {
			return fmt.Errorf("%w: app_state.bank.accounts[%d].balance: %w", ErrInvalid, i, err)
		}
		app.Bank.Accounts[i].Balance = btt.FormatWei(new(uint256.Int).Add(have, selfBond))
		app.Staking.Validators = append(app.Staking.Validators, v)
		return nil
	}
	app.Bank.Accounts = append(app.Bank.Accounts, bank.GenesisAccount{Address: operator, Balance: btt.FormatWei(selfBond)})
	app.Staking.Validators = append(app.Staking.Validators, v)
	return nil
}

// New builds a genesis document with vote extensions switched on from the
// first height, which later modules (the bridge) rely on. The validator
// set is not in the document: the application's staking genesis makes it,
// and InitChain hands it to CometBFT.
func New(o Options) (*types.GenesisDoc, error) {
	if err := o.AppState.Validate(); err != nil {
		return nil, err
	}
	app, err := json.MarshalIndent(o.AppState, "", "  ")
	if err != nil {
		return nil, err
	}
	params := types.DefaultConsensusParams()
	params.ABCI.VoteExtensionsEnableHeight = 1
	doc := &types.GenesisDoc{
		ChainID:         o.ChainID,
		GenesisTime:     o.GenesisTime,
		InitialHeight:   1,
		ConsensusParams: params,
		AppState:        app,
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return doc, nil
}

// Encode prints a genesis document as CometBFT writes genesis.json.
func Encode(doc *types.GenesisDoc) ([]byte, error) {
	return cmtjson.MarshalIndent(doc, "", "  ")
}
