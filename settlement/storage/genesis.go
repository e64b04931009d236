package storage

import "fmt"

// Genesis is the module's part of app_state. Contracts do not start in
// genesis: their escrow would have to be minted there too.
type Genesis struct {
	Params Params `json:"params"`
}

// DefaultGenesis has the default params.
func DefaultGenesis() Genesis { return Genesis{Params: DefaultParams()} }

// Validate checks the params.
func (g *Genesis) Validate() error {
	if err := g.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	return nil
}

// InitGenesis writes the genesis state.
func (s Store) InitGenesis(g *Genesis) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.SetParams(g.Params)
}
