package bridge

import "fmt"

// Params are the bridge's chain-wide settings, changeable by governance.
type Params struct {
	// HeartbeatBlocks: a checkpoint goes to each root chain at least this
	// often even with nothing to carry, so that its contract sees BTTC is
	// alive and its signer set never falls far behind.
	HeartbeatBlocks uint64 `json:"heartbeat_blocks"`
	// MaxSignatures bounds the checkpoint signatures one validator puts in
	// one vote extension.
	MaxSignatures uint32 `json:"max_signatures"`
	// MaxObservations bounds the deposits one validator reports in one
	// vote extension.
	MaxObservations uint32 `json:"max_observations"`
}

// DefaultParams: a heartbeat about every 14 hours of 1-second blocks.
func DefaultParams() Params {
	return Params{HeartbeatBlocks: 50_000, MaxSignatures: 16, MaxObservations: 32}
}

// Validate checks the bounds.
func (p Params) Validate() error {
	switch {
	case p.HeartbeatBlocks == 0:
		return fmt.Errorf("%w: heartbeat_blocks must be at least 1", ErrBadParams)
	case p.MaxSignatures == 0 || p.MaxSignatures > 256:
		return fmt.Errorf("%w: max_signatures %d: want 1 to 256", ErrBadParams, p.MaxSignatures)
	case p.MaxObservations == 0 || p.MaxObservations > 256:
		return fmt.Errorf("%w: max_observations %d: want 1 to 256", ErrBadParams, p.MaxObservations)
	}
	return nil
}

// Params reads the parameters.
func (s Store) Params() (Params, error) {
	var p Params
	found, err := s.getJSON([]byte{keyParams}, &p)
	if err != nil {
		return p, err
	}
	if !found {
		return p, fmt.Errorf("%w: params are missing", ErrCorrupt)
	}
	return p, nil
}

// SetParams validates and writes the parameters.
func (s Store) SetParams(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.setJSON([]byte{keyParams}, p)
}
