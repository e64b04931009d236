package bridge

import "fmt"

// Genesis is the bridge's part of app_state.
type Genesis struct {
	Params Params      `json:"params"`
	Chains []RootChain `json:"chains"`
}

// DefaultGenesis has no root chains: governance registers them.
func DefaultGenesis() Genesis { return Genesis{Params: DefaultParams(), Chains: []RootChain{}} }

// Validate checks the params and every chain, and that names are unique.
func (g *Genesis) Validate() error {
	if err := g.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	seen := map[string]bool{}
	for i := range g.Chains {
		if err := g.Chains[i].Validate(); err != nil {
			return fmt.Errorf("chains[%d]: %w", i, err)
		}
		if seen[g.Chains[i].Name] {
			return fmt.Errorf("chains[%d]: %w: %q is registered twice", i, ErrBadChain, g.Chains[i].Name)
		}
		seen[g.Chains[i].Name] = true
	}
	return nil
}

// InitGenesis writes the genesis state. Staking's genesis must be in
// first: each chain starts with the genesis validators as its signer set.
func (s Store) InitGenesis(g *Genesis) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if err := s.SetParams(g.Params); err != nil {
		return err
	}
	for i := range g.Chains {
		if err := s.Register(&g.Chains[i]); err != nil {
			return fmt.Errorf("chains[%d]: %w", i, err)
		}
	}
	return nil
}

// Register adds a root chain whose contract was deployed with the current
// signer set.
func (s Store) Register(c *RootChain) error {
	if _, err := s.Chain(c.Name); err == nil {
		return fmt.Errorf("%w: %q is registered already", ErrBadChain, c.Name)
	}
	if err := s.SetChain(c); err != nil {
		return err
	}
	set, err := s.currentSet()
	if err != nil {
		return err
	}
	st := &chainState{ContractSet: set}
	st.normalize()
	return s.setChainState(c.Name, st)
}
