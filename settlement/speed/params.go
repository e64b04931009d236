package speed

import (
	"fmt"
	"time"

	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Params are the module's chain-wide settings, changeable by governance.
type Params struct {
	// SettleDelay is how long a payer's close waits before anyone may
	// settle, the payee's time to redeem its best voucher. A channel keeps
	// the delay it opened with, so a change binds new channels only.
	SettleDelay dec.Duration `json:"settle_delay"`
}

// Bounds of SettleDelay. Below 10 seconds a payer could close and settle
// before the payee's watcher sees a block; above 30 days a payer's deposit
// would be locked far longer than any download lasts.
const (
	MinSettleDelay = 10 * time.Second
	MaxSettleDelay = 30 * 24 * time.Hour
)

// DefaultParams give a payee a day to redeem after a payer's close.
func DefaultParams() Params { return Params{SettleDelay: dec.Of(24 * time.Hour)} }

// Validate checks the bounds.
func (p Params) Validate() error {
	if d := p.SettleDelay.Duration; d < MinSettleDelay || d > MaxSettleDelay {
		return fmt.Errorf("%w: settle_delay %s: want %s to %s", paych.ErrBadParams, d, MinSettleDelay, MaxSettleDelay)
	}
	return nil
}

// Params reads the parameters. A state written before the module existed
// has none, and the defaults apply.
func (s Store) Params() (Params, error) {
	p := DefaultParams()
	if _, err := s.getJSON([]byte{keyParams}, &p); err != nil {
		return p, err
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
