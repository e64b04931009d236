package chain

import (
	"errors"
	"fmt"

	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
)

// Upgrade is a software upgrade this binary knows. At the height a passed
// proposal scheduled it for, Apply runs at the start of the block, before
// any transaction; it may migrate state.
type Upgrade struct {
	Name  string
	Apply func(kv state.KV, env tx.Env) error
}

// UpgradeNeededError stops a node whose binary does not know the upgrade
// the chain scheduled for the next height.
type UpgradeNeededError struct{ Plan governance.Plan }

func (e *UpgradeNeededError) Error() string {
	msg := fmt.Sprintf("UPGRADE %s NEEDED at height %d", e.Plan.Name, e.Plan.Height)
	if e.Plan.Info != "" {
		msg += ": " + e.Plan.Info
	}
	return msg + " (this binary does not know it; install one that does and start it again)"
}

// ErrUpgradeTooEarly is returned when a binary that carries a scheduled
// upgrade starts before the upgrade's height.
var ErrUpgradeTooEarly = errors.New("this binary is for a later height")

func (a *App) upgrade(name string) (Upgrade, bool) {
	for _, u := range a.cfg.Upgrades {
		if u.Name == name {
			return u, true
		}
	}
	return Upgrade{}, false
}

// pendingPlan is the plan scheduled in g, if any.
func pendingPlan(g state.Getter) (governance.Plan, bool, error) {
	return govOf(state.ReadOnly{Getter: g}).UpgradePlan()
}

// checkPlan tells whether this binary may run the block at height h under
// the scheduled plan: not if the plan is for h and names an upgrade this
// binary does not know.
func (a *App) checkPlan(p governance.Plan, scheduled bool, h int64) error {
	if !scheduled || p.Height != uint64(h) {
		return nil
	}
	if _, known := a.upgrade(p.Name); !known {
		return &UpgradeNeededError{Plan: p}
	}
	return nil
}

// checkUpgradeAt is checkPlan with the plan scheduled in g.
func (a *App) checkUpgradeAt(g state.Getter, h int64) error {
	p, ok, err := pendingPlan(g)
	if err != nil {
		return err
	}
	return a.checkPlan(p, ok, h)
}

// checkUpgradeOnStart refuses to run on committed state that needs an
// upgrade this binary lacks at the next height, and refuses a binary that
// carries a scheduled upgrade before its height, since it may not
// reproduce the blocks before it.
func (a *App) checkUpgradeOnStart() error {
	if a.store.LastVersion() == 0 {
		return nil
	}
	next := a.store.LastVersion() + 1
	p, ok, err := pendingPlan(a.store.Committed())
	if err != nil || !ok {
		return err
	}
	if err := a.checkPlan(p, ok, next); err != nil {
		return err
	}
	if _, known := a.upgrade(p.Name); known && p.Height > uint64(next) {
		return fmt.Errorf("%w: it applies upgrade %s at height %d and the chain is at %d; run the previous binary until it stops there",
			ErrUpgradeTooEarly, p.Name, p.Height, next-1)
	}
	return nil
}

// applyUpgrade runs the upgrade scheduled for this block, if any.
func (a *App) applyUpgrade(kv state.KV, env tx.Env) ([]tx.Event, error) {
	g := govOf(kv)
	p, ok, err := g.UpgradePlan()
	if err != nil {
		return nil, err
	}
	if err := a.checkPlan(p, ok, env.Height); err != nil || !ok || p.Height != uint64(env.Height) {
		return nil, err
	}
	u, _ := a.upgrade(p.Name)
	if err := u.Apply(kv, env); err != nil {
		return nil, fmt.Errorf("upgrade %s: %w", p.Name, err)
	}
	a.log.Info("upgrade applied", "name", p.Name, "height", env.Height)
	return g.MarkUpgradeApplied(p, uint64(env.Height))
}

// haltIfUpgradeNext stops the node after committing the block before an
// upgrade this binary lacks, so that it never votes on or runs that block.
func (a *App) haltIfUpgradeNext() {
	err := a.checkUpgradeAt(a.store.Committed(), a.store.LastVersion()+1)
	if err == nil {
		return
	}
	a.log.Error("halting", "err", err, "height", a.store.LastVersion(), "app_hash", fmt.Sprintf("%X", a.store.LastHash()))
	a.signalHalt(err)
}

// signalHalt hands the node the first reason to stop; later ones are
// dropped.
func (a *App) signalHalt(err error) {
	select {
	case a.halt <- err:
	default:
	}
}

// Halted delivers the reason once the application needs the node to stop:
// an upgrade this binary does not know is due at the next height, or a
// block could not be finalized (a store fault).
func (a *App) Halted() <-chan error { return a.halt }
