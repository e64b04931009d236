package bridge

import (
	"encoding/json"
	"fmt"

	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/state"
)

// Store is the bridge's typed view of a KV.
type Store struct {
	kv    state.Prefixed
	bank  bank.Store
	stake Stake
}

// New returns the bridge view of kv, reading stake through stake.
func New(kv state.KV, stake Stake) Store {
	return Store{kv: state.NewPrefixed(kv, state.PrefixBridge), bank: bank.New(kv), stake: stake}
}

func decode(b []byte, v any) error { return state.DecodeRecord(b, v, ErrCorrupt) }

func (s Store) get(k []byte, v any) (bool, error) { return state.GetRecord(s.kv, k, v, ErrCorrupt) }
func (s Store) set(k []byte, v any) error         { return state.SetRecord(s.kv, k, v) }

func (s Store) getJSON(k []byte, v any) (bool, error) { return state.GetJSON(s.kv, k, v, ErrCorrupt) }

func (s Store) setJSON(k []byte, v any) error { return state.SetJSON(s.kv, k, v) }

// Chain reads a registered root chain.
func (s Store) Chain(name string) (*RootChain, error) {
	c := new(RootChain)
	found, err := s.getJSON(chainKey(name), c)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w %q", ErrUnknownChain, name)
	}
	return c, nil
}

// Chains lists the registered root chains by name.
func (s Store) Chains() ([]RootChain, error) {
	var out []RootChain
	err := state.EachPrefix(s.kv, []byte{prefixChain}, func(_, v []byte) error {
		var c RootChain
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("%w: root chain: %v", ErrCorrupt, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// SetChain validates and writes a root chain's settings.
func (s Store) SetChain(c *RootChain) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.setJSON(chainKey(c.Name), c)
}

func (s Store) chainState(name string) (*chainState, error) {
	st := new(chainState)
	if _, err := s.get(chainStateKey(name), st); err != nil {
		return nil, err
	}
	st.normalize()
	return st, nil
}

func (s Store) setChainState(name string, st *chainState) error {
	return s.set(chainStateKey(name), st)
}

// Checkpoint reads checkpoint n of a chain.
func (s Store) Checkpoint(name string, n uint64) (*Checkpoint, error) {
	c := new(Checkpoint)
	found, err := s.get(checkpointKey(name, n), c)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w: %s number %d", ErrNoCheckpoint, name, n)
	}
	return c, nil
}

// Withdrawal reads withdrawal id of a chain.
func (s Store) Withdrawal(name string, id uint64) (*Withdrawal, error) {
	w := new(Withdrawal)
	found, err := s.get(withdrawalKey(name, id), w)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w: %s id %d", ErrNoWithdrawal, name, id)
	}
	return w, nil
}

func (s Store) eachPrefix(prefix []byte, fn func(k, v []byte) error) error {
	return state.EachPrefix(s.kv, prefix, fn)
}
