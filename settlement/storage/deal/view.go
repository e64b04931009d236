package deal

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

// ContractView is a contract as the node answers it; amounts in btt, and
// in wei in the *_wei fields.
type ContractView struct {
	ID       ID              `json:"id"`
	Renter   address.Address `json:"renter"`
	Host     address.Address `json:"host"`
	State    State           `json:"state"`
	Root     string          `json:"root"`
	Size     uint64          `json:"size"`
	LeafSize uint64          `json:"leaf_size"`
	Leaves   uint64          `json:"leaves"`
	Start    uint64          `json:"start_height"`
	End      uint64          `json:"end_height"`
	Period   uint64          `json:"period_blocks"`
	Periods  uint64          `json:"periods"`
	Window   uint64          `json:"window_blocks"`
	// Next is the period being proven now or next; Proven whether its
	// proof is in.
	Next          uint64 `json:"next_period"`
	NextProven    bool   `json:"next_proven"`
	Proven        uint64 `json:"proven"`
	Missed        uint64 `json:"missed"`
	MaxMisses     uint64 `json:"max_misses"`
	Price         string `json:"price"`
	Escrow        string `json:"escrow"`         // the renter's payment not yet paid or refunded
	Collateral    string `json:"collateral"`     // what the host locked
	CollateralNow string `json:"collateral_now"` // what is left of it
	SlashPerMiss  string `json:"slash_per_miss"`
	PaidToHost    string `json:"paid_to_host"`
	PriceWei      string `json:"price_wei"`
	EscrowWei     string `json:"escrow_wei"`
	CollateralWei string `json:"collateral_now_wei"`
	PaidWei       string `json:"paid_to_host_wei"`
	RenewalOf     *ID    `json:"renewal_of,omitempty"`
}

// ContractPage is one page of a list; Next, when set, is the id to ask
// from for the following page.
type ContractPage struct {
	Contracts []ContractView `json:"contracts"`
	Next      string         `json:"next,omitempty"`
}

// ChallengeView is a period's challenge: its window and, once the seed
// block exists, the leaves to prove.
type ChallengeView struct {
	Contract    ID       `json:"contract"`
	Period      uint64   `json:"period"`
	SeedHeight  uint64   `json:"seed_height"`
	WindowStart uint64   `json:"window_start"`
	WindowEnd   uint64   `json:"window_end"` // the last height of the window
	Ready       bool     `json:"ready"`      // the seed block exists
	Seed        string   `json:"seed,omitempty"`
	Indices     []uint64 `json:"indices,omitempty"`
	Leaves      uint64   `json:"leaves"`
	LeafSize    uint64   `json:"leaf_size"`
}

// ProofFile is a proof as `bttcd storage prove` writes it and `bttcd tx
// storage prove` reads it.
type ProofFile struct {
	MsgProve
}

type proofJSON struct {
	Contract ID         `json:"contract"`
	Period   uint64     `json:"period"`
	Leaves   []string   `json:"leaves"`
	Paths    [][]string `json:"paths"`
}

// MarshalJSON writes leaves and hashes in hex.
func (f ProofFile) MarshalJSON() ([]byte, error) {
	j := proofJSON{Contract: f.Contract, Period: f.Period, Leaves: make([]string, len(f.Leaves)), Paths: make([][]string, len(f.Paths))}
	for i, l := range f.Leaves {
		j.Leaves[i] = hex.EncodeToString(l)
	}
	for i, p := range f.Paths {
		j.Paths[i] = make([]string, len(p))
		for k, h := range p {
			j.Paths[i][k] = hex.EncodeToString(h[:])
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a proof file and checks its shape.
func (f *ProofFile) UnmarshalJSON(b []byte) error {
	var j proofJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrBadProof, err)
	}
	m := MsgProve{Contract: j.Contract, Period: j.Period, Leaves: make([][]byte, len(j.Leaves)), Paths: make([][]merkle.Hash, len(j.Paths))}
	for i, l := range j.Leaves {
		raw, err := hex.DecodeString(strings.TrimPrefix(l, "0x"))
		if err != nil {
			return fmt.Errorf("%w: leaf %d is not hex", ErrBadProof, i)
		}
		m.Leaves[i] = raw
	}
	for i, p := range j.Paths {
		m.Paths[i] = make([]merkle.Hash, len(p))
		for k, h := range p {
			raw, err := hex.DecodeString(strings.TrimPrefix(h, "0x"))
			if err != nil || len(raw) != 32 {
				return fmt.Errorf("%w: path %d, hash %d is not 32 bytes of hex", ErrBadProof, i, k)
			}
			copy(m.Paths[i][k][:], raw)
		}
	}
	f.MsgProve = m
	return m.Validate()
}

// Stats are the module's totals as the node answers them.
type Stats struct {
	// Live is how many contracts are proposed or active.
	Live uint64 `json:"live_contracts"`
}
