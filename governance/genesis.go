package governance

import "fmt"

// Genesis is the governance part of app_state.
type Genesis struct {
	Params Params `json:"params"`
}

// DefaultGenesis has the default params.
func DefaultGenesis() Genesis { return Genesis{Params: DefaultParams()} }

// Validate checks the part on its own; errors name the field.
func (g *Genesis) Validate() error {
	if err := g.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	return nil
}

// InitGenesis writes the params.
func (s Store) InitGenesis(g *Genesis) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.SetParams(g.Params)
}
