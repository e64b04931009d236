package staking

import (
	"testing"
	"time"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
)

func TestCreateValidator(t *testing.T) {
	f := newFixture(t, testParams())
	a, b := addr(1), addr(2)
	f.validator(a, 10)
	v := f.val(a)
	if v.Status != Unbonded || !v.Tokens.Eq(btt.FromBTT(10)) || !v.Shares.Eq(btt.FromBTT(10)) {
		t.Fatalf("new validator %+v", v)
	}
	if !f.balance(notBondedPool).Eq(btt.FromBTT(10)) {
		t.Fatal("self-bond is not in the not-bonded pool")
	}
	ups := f.endBlock(time.Second)
	if len(ups) != 1 || ups[0].Power != 10 || f.val(a).Status != Bonded || !f.balance(bondedPool).Eq(btt.FromBTT(10)) {
		t.Fatalf("after the block: updates %+v, status %s", ups, f.val(a).Status)
	}

	f.fund(b, btt.FromBTT(100))
	for _, c := range []struct {
		name string
		from any
		mut  func(m *MsgCreateValidator)
		want error
	}{
		{"operator already a validator", a, nil, ErrValidatorExists},
		{"consensus key of another validator", b, func(m *MsgCreateValidator) { m.ConsPubKey = consKey(a) }, ErrConsKeyInUse},
		{"bridge signer of another validator", b, func(m *MsgCreateValidator) { m.BridgeSigner = a }, ErrSignerInUse},
		{"short consensus key", b, func(m *MsgCreateValidator) { m.ConsPubKey = m.ConsPubKey[:31] }, ErrBadConsKey},
		{"rate above max", b, func(m *MsgCreateValidator) { m.Rate = dec.Percent(30) }, ErrBadCommission},
		{"max rate above 1", b, func(m *MsgCreateValidator) { m.MaxRate, m.Rate = dec.Percent(101), dec.Zero() }, ErrBadCommission},
		{"max change above max rate", b, func(m *MsgCreateValidator) { m.MaxChange = dec.Percent(50) }, ErrBadCommission},
		{"self-bond below its minimum", b, func(m *MsgCreateValidator) { m.MinSelfDelegation = btt.FromBTT(11) }, ErrSelfBondTooLow},
		{"no moniker", b, func(m *MsgCreateValidator) { m.Description.Moniker = "" }, ErrBadDescription},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := createMsg(b, btt.FromBTT(10))
			if c.mut != nil {
				c.mut(m)
			}
			sender := b
			if c.from == a {
				sender = a
				f.fund(a, btt.FromBTT(10))
			}
			f.fails(sender, m, c.want)
		})
	}
}

func TestEditValidatorCommission(t *testing.T) {
	f := newFixture(t, testParams())
	a := addr(1)
	f.validator(a, 10)
	rate := func(r string) *MsgEditValidator { return &MsgEditValidator{SetRate: true, Rate: dec.MustParse(r)} }
	// Created just now: the first change must wait 24 h.
	f.fails(a, rate("0.105"), ErrCommissionTooSoon)
	f.now = f.now.Add(CommissionChangeInterval)
	f.fails(a, rate("0.12"), ErrBadCommission) // more than the 1% max change
	f.fails(a, rate("0.25"), ErrBadCommission) // above the max rate
	f.must(a, rate("0.11"))
	if f.val(a).Commission.Rate.String() != "0.11" {
		t.Fatalf("rate %s", f.val(a).Commission.Rate)
	}
	f.now = f.now.Add(time.Hour)
	f.fails(a, rate("0.1"), ErrCommissionTooSoon)

	// Minimum self-delegation only rises, and not above the self-bond.
	f.fails(a, &MsgEditValidator{MinSelfDelegation: btt.FromBTT(1)}, ErrMinSelfDelegation)
	f.fails(a, &MsgEditValidator{MinSelfDelegation: btt.FromBTT(11)}, ErrMinSelfDelegation)
	f.must(a, &MsgEditValidator{MinSelfDelegation: btt.FromBTT(5)})
	f.must(a, &MsgEditValidator{SetDescription: true, Description: Description{Moniker: "renamed", Website: "https://example.org"}})
	if f.val(a).Description.Moniker != "renamed" {
		t.Fatal("description not changed")
	}
	f.fails(a, &MsgEditValidator{}, ErrBadDescription)
	f.fails(addr(9), rate("0.1"), ErrNoValidator)
}

func TestSetBridgeSigner(t *testing.T) {
	f := newFixture(t, testParams())
	a, b := addr(1), addr(2)
	f.validator(a, 10)
	f.validator(b, 10)
	f.fails(a, &MsgSetBridgeSigner{Signer: b}, ErrSignerInUse)
	f.must(a, &MsgSetBridgeSigner{Signer: addr(77)})
	if v, ok, _ := f.s.ValidatorBySigner(addr(77)); !ok || v.Operator != a {
		t.Fatal("new signer does not find its validator")
	}
	if _, ok, _ := f.s.ValidatorBySigner(a); ok {
		t.Fatal("the old signer still maps to the validator")
	}
	f.must(b, &MsgSetBridgeSigner{Signer: a}) // the freed address may be reused
}
