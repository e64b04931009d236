package governance

import (
	"fmt"
	"strconv"

	"github.com/bttc-network/bttc/core/tx"
)

// UpgradePlan reads the scheduled upgrade; ok is false if there is none.
func (s Store) UpgradePlan() (p Plan, ok bool, err error) {
	ok, err = s.get(key(prefixUpgradePlan), &p)
	return p, ok, err
}

// UpgradeApplied returns the height an upgrade was applied at; ok is false
// if it never was.
func (s Store) UpgradeApplied(name string) (height uint64, ok bool, err error) {
	ok, err = s.get(upgradeDoneKey(name), &height)
	return height, ok, err
}

// MarkUpgradeApplied records that the binary applied the scheduled upgrade
// at height and clears the plan. chain calls it after running the
// upgrade's handler at the plan's height.
func (s Store) MarkUpgradeApplied(p Plan, height uint64) ([]tx.Event, error) {
	if err := s.set(upgradeDoneKey(p.Name), height); err != nil {
		return nil, err
	}
	if err := s.kv.Delete(key(prefixUpgradePlan)); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventUpgradeApplied, AttrName, p.Name, AttrHeight, strconv.FormatUint(height, 10))}, nil
}

// checkPlan refuses a plan for a height that is not in the future or a
// name that was used before.
func (s Store) checkPlan(env tx.Env, p Plan) error {
	if p.Height <= uint64(env.Height) {
		return fmt.Errorf("%w: upgrade height %d is not after the current height %d", ErrBadContent, p.Height, env.Height)
	}
	if h, done, err := s.UpgradeApplied(p.Name); err != nil {
		return err
	} else if done {
		return fmt.Errorf("%w: upgrade %q was already applied at height %d", ErrBadContent, p.Name, h)
	}
	return nil
}

// schedule sets the plan, replacing any earlier one.
func (s Store) schedule(env tx.Env, p Plan) ([]tx.Event, error) {
	if err := s.checkPlan(env, p); err != nil {
		return nil, err
	}
	if err := s.set(key(prefixUpgradePlan), p); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventUpgradePlanned, AttrName, p.Name, AttrHeight, strconv.FormatUint(p.Height, 10))}, nil
}

// cancelPlan removes the plan.
func (s Store) cancelPlan() ([]tx.Event, error) {
	p, ok, err := s.UpgradePlan()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoUpgrade
	}
	if err := s.kv.Delete(key(prefixUpgradePlan)); err != nil {
		return nil, err
	}
	return []tx.Event{tx.NewEvent(EventUpgradeCancel, AttrName, p.Name)}, nil
}
