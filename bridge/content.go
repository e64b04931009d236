package bridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ethereum/go-ethereum/rlp"

	"github.com/bttc-network/bttc/core/tx"
)

// Proposal contents the bridge owns: governance runs them when a proposal
// passes (chain wires them in as governance content kinds).
const (
	KindRegisterChain = "bridge/register-chain"
	KindUpdateChain   = "bridge/update-chain"
	KindPauseChain    = "bridge/pause-chain"
	KindUnhaltLane    = "bridge/unhalt-lane"
)

// MsgRegisterChain registers a root chain whose contract holds the
// current signer set.
type MsgRegisterChain struct {
	Chain RootChain
	// SignerSet, when set, is the hash of the signer set the contract was
	// deployed with ("0x…", as `query bridge signers` prints it): the
	// content fails if BTTC's set has changed since, as the contract could
	// then never verify a checkpoint.
	SignerSet string
}

// registerJSON is a register-chain content as written: the chain's
// settings and, optionally, the deployed set's hash.
type registerJSON struct {
	RootChain
	SignerSet string `json:"signer_set,omitempty"`
}

// MsgUpdateChain replaces a registered chain's settings; its name, chain
// id and contract cannot change (a new contract is a new chain).
type MsgUpdateChain struct{ Chain RootChain }

// MsgPauseChain pauses or resumes withdrawals to a chain.
type MsgPauseChain struct {
	Chain  string
	Paused bool
}

// MsgUnhaltLane reopens a chain's halted deposit lane from Nonce.
type MsgUnhaltLane struct {
	Chain string `json:"chain"`
	Nonce uint64 `json:"nonce"`
}

func (*MsgUnhaltLane) Kind() string { return KindUnhaltLane }

// Validate checks the name and the nonce.
func (m *MsgUnhaltLane) Validate() error {
	if !validName(m.Chain) || m.Nonce == 0 {
		return fmt.Errorf("%w: unhalt %q from nonce %d", ErrBadChain, m.Chain, m.Nonce)
	}
	return nil
}

// Describe names the lane and the nonce.
func (m *MsgUnhaltLane) Describe() string {
	return fmt.Sprintf("reopen the %s deposit lane from nonce %d", m.Chain, m.Nonce)
}

func (*MsgRegisterChain) Kind() string { return KindRegisterChain }
func (*MsgUpdateChain) Kind() string   { return KindUpdateChain }
func (*MsgPauseChain) Kind() string    { return KindPauseChain }

// Validate checks the settings.
func (m *MsgRegisterChain) Validate() error { return m.Chain.Validate() }

// Validate checks the settings.
func (m *MsgUpdateChain) Validate() error { return m.Chain.Validate() }

// Validate checks the name.
func (m *MsgPauseChain) Validate() error {
	if !validName(m.Chain) {
		return fmt.Errorf("%w %q", ErrUnknownChain, m.Chain)
	}
	return nil
}

// Describe names the chain.
func (m *MsgRegisterChain) Describe() string {
	return fmt.Sprintf("register root chain %s (chain id %d, contract %s)", m.Chain.Name, m.Chain.ChainID, m.Chain.Contract)
}

// Describe names the chain.
func (m *MsgUpdateChain) Describe() string {
	return "update the settings of root chain " + m.Chain.Name
}

// Describe says pause or resume.
func (m *MsgPauseChain) Describe() string {
	if m.Paused {
		return "pause withdrawals to " + m.Chain
	}
	return "resume withdrawals to " + m.Chain
}

// The contents read and print as the chain's JSON, the shape of `query
// bridge chain`, so proposal files are written the way chains are shown.

func (m *MsgRegisterChain) MarshalJSON() ([]byte, error) {
	return json.Marshal(registerJSON{m.Chain, m.SignerSet})
}

func (m *MsgRegisterChain) UnmarshalJSON(b []byte) error {
	var r registerJSON
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	m.Chain, m.SignerSet = r.RootChain, r.SignerSet
	return nil
}

func (m *MsgUpdateChain) MarshalJSON() ([]byte, error) { return json.Marshal(m.Chain) }
func (m *MsgUpdateChain) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &m.Chain) }
func (m MsgPauseChain) MarshalJSON() ([]byte, error)   { return json.Marshal(pauseJSON(m)) }
func (m *MsgPauseChain) UnmarshalJSON(b []byte) error  { return json.Unmarshal(b, (*pauseJSON)(m)) }

type pauseJSON struct {
	Chain  string `json:"chain"`
	Paused bool   `json:"paused"`
}

// On the wire (RLP, inside a proposal) a chain's settings travel as their
// JSON, strictly decoded: btt amounts and durations have no RLP form.

func encodeChainRLP(w io.Writer, c any) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return rlp.Encode(w, b)
}

func decodeChainRLP(st *rlp.Stream, c any) error {
	b, err := st.Bytes()
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(c)
}

// A register-chain content without a set hash encodes as the chain alone,
// as it did before the field existed.
func (m *MsgRegisterChain) EncodeRLP(w io.Writer) error {
	return encodeChainRLP(w, registerJSON{m.Chain, m.SignerSet})
}

func (m *MsgRegisterChain) DecodeRLP(st *rlp.Stream) error {
	var r registerJSON
	if err := decodeChainRLP(st, &r); err != nil {
		return err
	}
	m.Chain, m.SignerSet = r.RootChain, r.SignerSet
	return nil
}
func (m *MsgUpdateChain) EncodeRLP(w io.Writer) error    { return encodeChainRLP(w, &m.Chain) }
func (m *MsgUpdateChain) DecodeRLP(st *rlp.Stream) error { return decodeChainRLP(st, &m.Chain) }

// Contents lists the bridge's proposal contents with new empty values.
func Contents() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindRegisterChain, New: func() tx.Msg { return new(MsgRegisterChain) }},
		{Name: KindUpdateChain, New: func() tx.Msg { return new(MsgUpdateChain) }},
		{Name: KindPauseChain, New: func() tx.Msg { return new(MsgPauseChain) }},
		{Name: KindUnhaltLane, New: func() tx.Msg { return new(MsgUnhaltLane) }},
	}
}

// CheckContent refuses, at submission, content that could not run now.
func (s Store) CheckContent(c tx.Msg) error {
	switch c := c.(type) {
	case *MsgRegisterChain:
		if _, err := s.Chain(c.Chain.Name); err == nil {
			return fmt.Errorf("%w: %q is registered already", ErrBadChain, c.Chain.Name)
		}
		if c.SignerSet != "" {
			set, err := s.currentSet()
			if err != nil {
				return err
			}
			if now := setView(set).Hash; !strings.EqualFold(c.SignerSet, now) {
				return fmt.Errorf("%w: %s's contract holds signer set %s, BTTC's is now %s: deploy it again", ErrBadChain, c.Chain.Name, c.SignerSet, now)
			}
		}
		return c.Chain.Validate()
	case *MsgUpdateChain:
		old, err := s.Chain(c.Chain.Name)
		if err != nil {
			return err
		}
		if old.ChainID != c.Chain.ChainID || old.Contract != c.Chain.Contract {
			return fmt.Errorf("%w: %s: the chain id and contract cannot change (register a new chain)", ErrBadChain, c.Chain.Name)
		}
		return c.Chain.Validate()
	case *MsgPauseChain:
		_, err := s.Chain(c.Chain)
		return err
	case *MsgUnhaltLane:
		if _, err := s.Chain(c.Chain); err != nil {
			return err
		}
		return c.Validate()
	}
	return fmt.Errorf("%w %s", tx.ErrUnknownMsg, c.Kind())
}

// ExecuteContent runs passed content.
func (s Store) ExecuteContent(c tx.Msg) ([]tx.Event, error) {
	if err := s.CheckContent(c); err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case *MsgRegisterChain:
		return []tx.Event{tx.NewEvent(EventChainRegistered, AttrChain, c.Chain.Name)}, s.Register(&c.Chain)
	case *MsgUpdateChain:
		return []tx.Event{tx.NewEvent(EventChainUpdated, AttrChain, c.Chain.Name)}, s.SetChain(&c.Chain)
	case *MsgPauseChain:
		ch, err := s.Chain(c.Chain)
		if err != nil {
			return nil, err
		}
		ch.Paused = c.Paused
		return []tx.Event{tx.NewEvent(EventChainUpdated, AttrChain, c.Chain, AttrPaused, fmt.Sprint(c.Paused))}, s.SetChain(ch)
	case *MsgUnhaltLane:
		return s.Unhalt(c.Chain, c.Nonce)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, c.Kind())
}
