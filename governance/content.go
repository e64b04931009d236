package governance

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Kinds of built-in proposal content. Content is never a transaction
// message: only a passed proposal runs it.
const (
	KindParamChange     = "gov/param-change"
	KindSoftwareUpgrade = "gov/software-upgrade"
	KindCancelUpgrade   = "gov/cancel-upgrade"
	KindPoolSpend       = "gov/community-pool-spend"
)

// ModuleGovernance is the name of governance's own parameter space.
const ModuleGovernance = "governance"

// Limits on content.
const (
	MaxParamChanges = 50
	MaxUpgradeName  = 140
	MaxUpgradeInfo  = 2048
)

// ParamChange sets one parameter: Value is the JSON the module's params
// hold under Key ("50", "\"48h\"", "\"0.4\"", "true").
type ParamChange struct {
	Module string          `json:"module"`
	Key    string          `json:"key"`
	Value  json.RawMessage `json:"value"`
}

func (c ParamChange) String() string { return c.Module + "." + c.Key + "=" + string(c.Value) }

// MsgParamChange changes parameters of one or more modules at once: all
// apply or none do.
type MsgParamChange struct {
	Changes []ParamChange `json:"changes"`
}

func (*MsgParamChange) Kind() string { return KindParamChange }

// Validate checks the shape: 1 to MaxParamChanges distinct keys with JSON values.
func (m *MsgParamChange) Validate() error {
	if len(m.Changes) == 0 || len(m.Changes) > MaxParamChanges {
		return fmt.Errorf("%w: %d parameter changes, want 1 to %d", ErrBadContent, len(m.Changes), MaxParamChanges)
	}
	seen := map[string]bool{}
	for _, c := range m.Changes {
		name := c.Module + "." + c.Key
		switch {
		case c.Module == "" || c.Key == "":
			return fmt.Errorf("%w: parameter %q: want module.key", ErrBadContent, name)
		case !json.Valid(c.Value):
			return fmt.Errorf("%w: %s: value %q is not JSON", ErrBadContent, name, c.Value)
		case seen[name]:
			return fmt.Errorf("%w: %s is changed twice", ErrBadContent, name)
		}
		seen[name] = true
	}
	return nil
}

// Plan is a scheduled software upgrade: at Height the node stops unless
// its binary knows Name.
type Plan struct {
	Name   string `json:"name"`
	Height uint64 `json:"height"`
	Info   string `json:"info,omitempty"`
}

// MsgSoftwareUpgrade schedules an upgrade, replacing any scheduled one.
type MsgSoftwareUpgrade struct {
	Plan Plan `json:"plan"`
}

func (*MsgSoftwareUpgrade) Kind() string { return KindSoftwareUpgrade }

// Validate checks the name (letters, digits, '.', '_', '-'), height and info.
func (m *MsgSoftwareUpgrade) Validate() error {
	p := m.Plan
	switch {
	case p.Name == "" || len(p.Name) > MaxUpgradeName || strings.IndexFunc(p.Name, badNameRune) >= 0:
		return fmt.Errorf("%w: upgrade name %q: want 1 to %d letters, digits, '.', '_' or '-'", ErrBadContent, p.Name, MaxUpgradeName)
	case p.Height == 0:
		return fmt.Errorf("%w: upgrade height must be positive", ErrBadContent)
	case len(p.Info) > MaxUpgradeInfo:
		return fmt.Errorf("%w: upgrade info is %d bytes, limit %d", ErrBadContent, len(p.Info), MaxUpgradeInfo)
	}
	return nil
}

func badNameRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
}

// MsgCancelUpgrade removes the scheduled upgrade.
type MsgCancelUpgrade struct{}

func (*MsgCancelUpgrade) Kind() string { return KindCancelUpgrade }

// Validate has nothing to check.
func (*MsgCancelUpgrade) Validate() error { return nil }

// MsgCommunityPoolSpend pays an amount from the community pool.
type MsgCommunityPoolSpend struct {
	Recipient address.Address
	Amount    *uint256.Int
}

func (*MsgCommunityPoolSpend) Kind() string { return KindPoolSpend }

// Validate checks the amount is positive.
func (m *MsgCommunityPoolSpend) Validate() error {
	if m.Amount == nil || m.Amount.IsZero() {
		return fmt.Errorf("%w: spend amount must be positive", ErrBadContent)
	}
	return nil
}

type poolSpendJSON struct {
	Recipient address.Address `json:"recipient"`
	Amount    btt.Amount      `json:"amount"`
}

// MarshalJSON writes the amount with its unit.
func (m MsgCommunityPoolSpend) MarshalJSON() ([]byte, error) {
	amount := m.Amount
	if amount == nil {
		amount = new(uint256.Int)
	}
	return json.Marshal(poolSpendJSON{m.Recipient, btt.NewAmount(amount)})
}

// UnmarshalJSON reads the amount with its unit.
func (m *MsgCommunityPoolSpend) UnmarshalJSON(b []byte) error {
	var j poolSpendJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	m.Recipient, m.Amount = j.Recipient, j.Amount.Wei()
	return nil
}

// contentKinds are the built-in kinds; their Check and Execute are Store
// methods because they reach governance's own state.
var contentKinds = []tx.MsgKind{
	{Name: KindParamChange, New: func() tx.Msg { return new(MsgParamChange) }},
	{Name: KindSoftwareUpgrade, New: func() tx.Msg { return new(MsgSoftwareUpgrade) }},
	{Name: KindCancelUpgrade, New: func() tx.Msg { return new(MsgCancelUpgrade) }},
	{Name: KindPoolSpend, New: func() tx.Msg { return new(MsgCommunityPoolSpend) }},
}

// ContentCodec decodes the built-in content kinds and extra ones.
func ContentCodec(extra []ContentKind) *tx.Codec {
	c := tx.NewCodec()
	for _, k := range contentKinds {
		c.Register(k)
	}
	for _, k := range extra {
		c.Register(tx.MsgKind{Name: k.Name, New: k.New})
	}
	return c
}

// NewContent returns an empty content of a kind, for clients that read
// content from JSON; ok is false for a kind that is not built in.
func NewContent(kind string) (c tx.Msg, ok bool) {
	for _, k := range contentKinds {
		if k.Name == kind {
			return k.New(), true
		}
	}
	return nil, false
}

func (s Store) extraKind(name string) (ContentKind, bool) {
	for _, k := range s.deps.Contents {
		if k.Name == name {
			return k, true
		}
	}
	return ContentKind{}, false
}

// decodeContents turns a proposal's raw contents into typed ones.
func (s Store) decodeContents(raw []tx.RawMsg) ([]tx.Msg, error) {
	codec := ContentCodec(s.deps.Contents)
	out := make([]tx.Msg, len(raw))
	for i, r := range raw {
		c, err := codec.Decode(r)
		if err != nil {
			if errors.Is(err, tx.ErrUnknownMsg) {
				return nil, fmt.Errorf("content %d: %w %q", i, ErrUnknownContent, r.Kind)
			}
			return nil, fmt.Errorf("content %d: %w: %w", i, ErrBadContent, err)
		}
		out[i] = c
	}
	return out, nil
}

// checkContent runs at submission: content that its owner would refuse now
// is refused before anyone deposits or votes.
func (s Store) checkContent(env tx.Env, c tx.Msg) error {
	switch c := c.(type) {
	case *MsgParamChange:
		// Apply on a scratch branch and throw it away: the owning module's
		// own validation decides.
		_, err := s.applyParamChanges(state.NewCache(s.raw), c)
		return err
	case *MsgSoftwareUpgrade:
		return s.checkPlan(env, c.Plan)
	case *MsgCancelUpgrade:
		return nil
	case *MsgCommunityPoolSpend:
		if bank.IsModuleAccount(c.Recipient) {
			return fmt.Errorf("%w: community pool spend to a module account", ErrBadContent)
		}
		return nil
	}
	k, ok := s.extraKind(c.Kind())
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownContent, c.Kind())
	}
	if err := k.Check(s.raw, env, c); err != nil {
		return fmt.Errorf("%w: %w", ErrBadContent, err)
	}
	return nil
}

// executeContent runs a passed proposal's content on s's store (a branch).
func (s Store) executeContent(env tx.Env, c tx.Msg) ([]tx.Event, error) {
	switch c := c.(type) {
	case *MsgParamChange:
		return s.applyParamChanges(s.raw, c)
	case *MsgSoftwareUpgrade:
		return s.schedule(env, c.Plan)
	case *MsgCancelUpgrade:
		return s.cancelPlan()
	case *MsgCommunityPoolSpend:
		if err := s.checkContent(env, c); err != nil {
			return nil, err
		}
		if err := s.bank.Transfer(communityPool, c.Recipient, c.Amount); err != nil {
			return nil, fmt.Errorf("community pool: %w", err)
		}
		return []tx.Event{tx.NewEvent(EventPoolSpend, AttrRecipient, c.Recipient.Hex(), AttrAmount, c.Amount.Dec())}, nil
	}
	k, ok := s.extraKind(c.Kind())
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownContent, c.Kind())
	}
	return k.Execute(s.raw, env, c)
}

// paramSpace finds a module's parameters.
func (s Store) paramSpace(module string) (ParamSpace, error) {
	if module == ModuleGovernance {
		return ParamSpaceOf(func(kv state.KV) (Params, error) { return New(kv, s.deps).Params() },
			func(kv state.KV, p Params) error { return New(kv, s.deps).SetParams(p) }), nil
	}
	if sp, ok := s.deps.Params[module]; ok {
		return sp, nil
	}
	names := []string{ModuleGovernance}
	for n := range s.deps.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("%w: no module %q has parameters (modules: %s)", ErrBadContent, module, strings.Join(names, ", "))
}

// applyParamChanges sets every change, module by module in the order they
// first appear; the first refusal is the error.
func (s Store) applyParamChanges(kv state.KV, m *MsgParamChange) ([]tx.Event, error) {
	var modules []string
	byModule := map[string][]ParamChange{}
	for _, c := range m.Changes {
		if _, ok := byModule[c.Module]; !ok {
			modules = append(modules, c.Module)
		}
		byModule[c.Module] = append(byModule[c.Module], c)
	}
	var events []tx.Event
	for _, mod := range modules {
		sp, err := s.paramSpace(mod)
		if err != nil {
			return nil, err
		}
		raw, err := sp.Get(kv)
		if err != nil {
			return nil, err
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("%s params are not a JSON object: %w", mod, err)
		}
		for _, c := range byModule[mod] {
			if _, ok := fields[c.Key]; !ok {
				keys := make([]string, 0, len(fields))
				for k := range fields {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				return nil, fmt.Errorf("%w: %s has no parameter %q (it has: %s)", ErrBadContent, mod, c.Key, strings.Join(keys, ", "))
			}
			fields[c.Key] = c.Value
			events = append(events, tx.NewEvent(EventParamChange, AttrModule, mod, AttrKey, c.Key, AttrValue, string(c.Value)))
		}
		merged, err := json.Marshal(fields) // map keys marshal sorted
		if err != nil {
			return nil, err
		}
		if err := sp.Set(kv, merged); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrBadContent, mod, err)
		}
	}
	return events, nil
}
