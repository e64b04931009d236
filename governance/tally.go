package governance

import (
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/dec"
)

// CurrentTally is the proposal's tally now, from its running tally: for
// each validator some voter delegates to (or that voted), the shares that
// voted for each option, plus, if the validator voted, its remaining
// shares with its weights, all valued at the validator's tokens per share.
// Only bonded validators count. It costs O(validators touched), never
// O(votes) or O(delegations).
func (s Store) CurrentTally(id uint64) (Tally, error) {
	t := newTally()
	keys, values, err := s.collect(key(prefixTally, be64(id)))
	if err != nil {
		return t, err
	}
	for i, k := range keys {
		op := addrAt(k, 9)
		vt := newValidatorTally()
		if err := decode(values[i], vt); err != nil {
			return t, err
		}
		bonded, tokens, shares, err := s.deps.Stake.ValidatorStake(op)
		if err != nil {
			return t, err
		}
		if !bonded || shares.IsZero() {
			continue
		}
		value := func(sh *uint256.Int) *uint256.Int {
			v, _ := new(uint256.Int).MulDivOverflow(sh, tokens, shares)
			return v
		}
		for o := range numOptions {
			if o < len(vt.Shares) {
				t.at(o).Add(t.at(o), value(vt.Shares[o]))
			}
		}
		w, voted, err := s.vote(id, op)
		if err != nil {
			return t, err
		}
		if voted && vt.Deducted.Lt(shares) {
			rest := new(uint256.Int).Sub(shares, vt.Deducted)
			for o, x := range w {
				if !x.IsZero() {
					t.at(o).Add(t.at(o), value(x.MulInt(rest)))
				}
			}
		}
	}
	return t, nil
}

// verdict is what a tally decides.
type verdict struct {
	pass    bool
	burn    bool
	outcome string
}

// decide applies quorum, veto and threshold, as the Cosmos SDK does:
// quorum is all votes over bonded stake; veto is no-with-veto over all
// votes; the threshold is yes over votes that did not abstain. Ratios are
// 18-decimal fixed point, rounded down.
func decide(p Params, t Tally, bonded *uint256.Int, expedited bool) verdict {
	total := t.Total()
	if bonded.IsZero() || dec.Ratio(total, bonded).LT(p.Quorum) {
		return verdict{burn: p.BurnVoteQuorum, outcome: "quorum not reached"}
	}
	voting := new(uint256.Int).Sub(total, t.Abstain)
	if voting.IsZero() {
		return verdict{outcome: "every vote abstained"}
	}
	if dec.Ratio(t.NoWithVeto, total).GT(p.VetoThreshold) {
		return verdict{burn: p.BurnVoteVeto, outcome: "vetoed"}
	}
	if dec.Ratio(t.Yes, voting).GT(p.threshold(expedited)) {
		return verdict{pass: true, outcome: "passed"}
	}
	return verdict{outcome: "threshold not reached"}
}
