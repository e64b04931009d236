package governance

import (
	"fmt"
	"strings"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/core/tx"
)

// Status is where a proposal is in its life.
type Status uint8

// Proposal statuses. The first two are open; the others are final.
const (
	DepositPeriod Status = 1 // gathering deposits
	VotingPeriod  Status = 2 // taking votes
	Passed        Status = 3 // passed and its content ran
	Rejected      Status = 4 // missed quorum or threshold, or was vetoed
	Failed        Status = 5 // passed, but its content failed when it ran
	Canceled      Status = 6 // withdrawn by its proposer
	DepositLapsed Status = 7 // never reached the minimum deposit
)

var statusNames = map[Status]string{
	DepositPeriod: "deposit_period", VotingPeriod: "voting_period", Passed: "passed",
	Rejected: "rejected", Failed: "failed", Canceled: "canceled", DepositLapsed: "deposit_lapsed",
}

func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// Open reports whether the proposal still takes deposits (and votes, in
// the voting period).
func (s Status) Open() bool { return s == DepositPeriod || s == VotingPeriod }

// ParseStatus reads a status name.
func ParseStatus(text string) (Status, error) {
	for s := DepositPeriod; s <= DepositLapsed; s++ {
		if s.String() == text {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown proposal status %q (want deposit_period, voting_period, passed, rejected, failed, canceled or deposit_lapsed)", text)
}

// Option is a choice in a vote.
type Option uint8

// Vote options, numbered as in the Cosmos SDK.
const (
	Yes        Option = 1
	Abstain    Option = 2
	No         Option = 3
	NoWithVeto Option = 4
)

// numOptions is the number of options; tallies index them from 0.
const numOptions = 4

var optionNames = [numOptions]string{"yes", "abstain", "no", "no_with_veto"}

func (o Option) String() string {
	if o >= Yes && o <= NoWithVeto {
		return optionNames[o-1]
	}
	return fmt.Sprintf("option(%d)", uint8(o))
}

// ParseOption reads an option name ("yes", "abstain", "no", "no_with_veto";
// "veto" and "no-with-veto" are accepted too).
func ParseOption(text string) (Option, error) {
	t := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(text)), "-", "_")
	if t == "veto" {
		t = "no_with_veto"
	}
	for i, n := range optionNames {
		if n == t {
			return Option(i + 1), nil
		}
	}
	return 0, fmt.Errorf("%w: unknown option %q (want yes, abstain, no or no_with_veto)", ErrBadVote, text)
}

// WeightedOption is a share of one voter's power given to one option.
type WeightedOption struct {
	Option Option  `json:"option"`
	Weight dec.Dec `json:"weight"`
}

// weights spreads a vote over the options, indexed by option − 1.
type weights [numOptions]dec.Dec

// validateOptions checks a vote: one to four distinct known options with
// positive weights that sum to exactly 1.
func validateOptions(opts []WeightedOption) (weights, error) {
	var w weights
	if len(opts) == 0 || len(opts) > numOptions {
		return w, fmt.Errorf("%w: %d options, want 1 to %d", ErrBadVote, len(opts), numOptions)
	}
	sum := dec.Zero()
	for _, o := range opts {
		if o.Option < Yes || o.Option > NoWithVeto {
			return w, fmt.Errorf("%w: unknown option %d", ErrBadVote, o.Option)
		}
		if !w[o.Option-1].IsZero() {
			return w, fmt.Errorf("%w: option %s given twice", ErrBadVote, o.Option)
		}
		if o.Weight.IsZero() {
			return w, fmt.Errorf("%w: option %s has weight 0", ErrBadVote, o.Option)
		}
		w[o.Option-1] = o.Weight
		sum = sum.Add(o.Weight)
	}
	if sum.Cmp(dec.One()) != 0 {
		return w, fmt.Errorf("%w: weights sum to %s, want 1", ErrBadVote, sum)
	}
	return w, nil
}

// options lists the non-zero weights in option order.
func (w weights) options() []WeightedOption {
	var out []WeightedOption
	for i, x := range w {
		if !x.IsZero() {
			out = append(out, WeightedOption{Option: Option(i + 1), Weight: x})
		}
	}
	return out
}

func (w weights) String() string {
	parts := make([]string, 0, numOptions)
	for _, o := range w.options() {
		parts = append(parts, o.Option.String()+"="+o.Weight.String())
	}
	return strings.Join(parts, ",")
}

// Tally is stake per option, in wei.
type Tally struct {
	Yes, Abstain, No, NoWithVeto *uint256.Int
}

func newTally() Tally {
	return Tally{new(uint256.Int), new(uint256.Int), new(uint256.Int), new(uint256.Int)}
}

// at returns the counter of option i (0-based).
func (t *Tally) at(i int) *uint256.Int {
	return [numOptions]*uint256.Int{t.Yes, t.Abstain, t.No, t.NoWithVeto}[i]
}

// Total is all stake that voted.
func (t Tally) Total() *uint256.Int {
	s := new(uint256.Int).Add(t.Yes, t.Abstain)
	s.Add(s, t.No)
	return s.Add(s, t.NoWithVeto)
}

// Proposal is one proposal's record.
type Proposal struct {
	ID        uint64
	Proposer  address.Address
	Title     string
	Summary   string
	Metadata  string
	Contents  []tx.RawMsg // run in order, all or nothing, when it passes; none for a text proposal
	Expedited bool
	Status    Status
	// Times are unix nanoseconds of block time.
	SubmitTime   uint64
	DepositEnd   uint64
	VotingStart  uint64
	VotingEnd    uint64
	TotalDeposit *uint256.Int
	// FinalTally is set when voting ends.
	FinalTally Tally
	// Outcome says why it ended as it did.
	Outcome string
}

func (p *Proposal) normalize() {
	for _, v := range []**uint256.Int{&p.TotalDeposit, &p.FinalTally.Yes, &p.FinalTally.Abstain, &p.FinalTally.No, &p.FinalTally.NoWithVeto} {
		if *v == nil {
			*v = new(uint256.Int)
		}
	}
}

// validatorTally is the running tally of one proposal at one validator, in
// the validator's shares (so that slashes, which change tokens and not
// shares, need no update): how many shares of the delegators who voted
// went to each option, and how many shares voted themselves and so do not
// inherit the validator's vote.
type validatorTally struct {
	Deducted *uint256.Int
	Shares   []*uint256.Int // per option, len numOptions
}

func newValidatorTally() *validatorTally {
	t := &validatorTally{Deducted: new(uint256.Int), Shares: make([]*uint256.Int, numOptions)}
	for i := range t.Shares {
		t.Shares[i] = new(uint256.Int)
	}
	return t
}

// add counts (or, with sign < 0, uncounts) a voter's shares with its
// weights. Each option gets floor(shares × weight): the same shares and
// weights always give the same amounts, so removing a vote undoes adding
// it exactly.
func (t *validatorTally) add(shares *uint256.Int, w weights, sign int) {
	apply := func(dst, x *uint256.Int) {
		if sign < 0 {
			dst.Sub(dst, x)
		} else {
			dst.Add(dst, x)
		}
	}
	apply(t.Deducted, shares)
	for i, x := range w {
		if !x.IsZero() {
			apply(t.Shares[i], x.MulInt(shares))
		}
	}
}

func (t *validatorTally) empty() bool {
	if !t.Deducted.IsZero() {
		return false
	}
	for _, s := range t.Shares {
		if !s.IsZero() {
			return false
		}
	}
	return true
}

// encode and decode are the kernel's record encoding, with this module's
// corruption error.
var encode = state.EncodeRecord

func decode(b []byte, v any) error { return state.DecodeRecord(b, v, ErrCorrupt) }

// unixNano and timeOf convert block times to and from the stored form.
var (
	unixNano = state.UnixNano
	timeOf   = state.TimeOf
)
