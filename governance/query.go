package governance

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
)

// ContentView is one content of a proposal as JSON: the same shape that
// `bttcd tx gov submit-proposal` reads.
type ContentView struct {
	Kind    string          `json:"kind"`
	Content json.RawMessage `json:"content"`
}

// TallyView is a tally in BTT.
type TallyView struct {
	Yes        string `json:"yes"`
	Abstain    string `json:"abstain"`
	No         string `json:"no"`
	NoWithVeto string `json:"no_with_veto"`
	// Bonded is the stake that could vote, for a live tally.
	Bonded string `json:"bonded,omitempty"`
}

// ProposalView is a proposal as queries show it.
type ProposalView struct {
	ID           uint64          `json:"id"`
	Title        string          `json:"title"`
	Summary      string          `json:"summary,omitempty"`
	Metadata     string          `json:"metadata,omitempty"`
	Contents     []ContentView   `json:"contents"`
	Proposer     address.Address `json:"proposer"`
	Status       string          `json:"status"`
	Expedited    bool            `json:"expedited"`
	SubmitTime   string          `json:"submit_time"`
	DepositEnd   string          `json:"deposit_end_time"`
	VotingStart  string          `json:"voting_start_time,omitempty"`
	VotingEnd    string          `json:"voting_end_time,omitempty"`
	TotalDeposit string          `json:"total_deposit"`
	FinalTally   *TallyView      `json:"final_tally,omitempty"`
	Outcome      string          `json:"outcome,omitempty"`
}

// VoteView is one vote.
type VoteView struct {
	ProposalID uint64           `json:"proposal_id"`
	Voter      address.Address  `json:"voter"`
	Options    []WeightedOption `json:"options"`
}

// DepositView is one deposit of an open proposal.
type DepositView struct {
	ProposalID uint64          `json:"proposal_id"`
	Depositor  address.Address `json:"depositor"`
	Amount     string          `json:"amount"`
}

// MarshalJSON writes the option by name.
func (o Option) MarshalJSON() ([]byte, error) { return json.Marshal(o.String()) }

// UnmarshalJSON reads an option by name.
func (o *Option) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseOption(s)
	*o = v
	return err
}

func tallyView(t Tally) *TallyView {
	return &TallyView{Yes: btt.Format(t.Yes), Abstain: btt.Format(t.Abstain), No: btt.Format(t.No), NoWithVeto: btt.Format(t.NoWithVeto)}
}

func rfc3339(ns uint64) string {
	if ns == 0 {
		return ""
	}
	return timeOf(ns).Format(time.RFC3339Nano)
}

func (s Store) view(p *Proposal) (ProposalView, error) {
	v := ProposalView{
		ID: p.ID, Title: p.Title, Summary: p.Summary, Metadata: p.Metadata, Contents: []ContentView{},
		Proposer: p.Proposer, Status: p.Status.String(), Expedited: p.Expedited,
		SubmitTime: rfc3339(p.SubmitTime), DepositEnd: rfc3339(p.DepositEnd),
		VotingStart: rfc3339(p.VotingStart), VotingEnd: rfc3339(p.VotingEnd),
		TotalDeposit: btt.Format(p.TotalDeposit), Outcome: p.Outcome,
	}
	codec := ContentCodec(s.deps.Contents)
	for _, r := range p.Contents {
		// A kind this view does not know still shows, as its RLP bytes.
		view, err := json.Marshal(map[string]string{"rlp": "0x" + hex.EncodeToString(r.Data)})
		if c, decErr := codec.Decode(r); decErr == nil {
			view, err = json.Marshal(c)
		}
		if err != nil {
			return v, err
		}
		v.Contents = append(v.Contents, ContentView{Kind: r.Kind, Content: view})
	}
	if !p.Status.Open() && p.Status != DepositLapsed && p.Status != Canceled {
		v.FinalTally = tallyView(p.FinalTally)
	}
	return v, nil
}

// QueryProposal shows one proposal.
func (s Store) QueryProposal(id uint64) (ProposalView, error) {
	p, err := s.mustProposal(id)
	if err != nil {
		return ProposalView{}, err
	}
	return s.view(p)
}

// ProposalFilter narrows QueryProposals; zero fields match everything.
// Votes and deposits are kept only while a proposal is open, so Voter and
// Depositor find open proposals.
type ProposalFilter struct {
	Status    Status
	Voter     *address.Address
	Depositor *address.Address
}

// QueryProposals lists proposals by id, filtered.
func (s Store) QueryProposals(f ProposalFilter) ([]ProposalView, error) {
	out := []ProposalView{}
	var props []*Proposal
	err := s.rangeKeys(key(prefixProposal), func(_, v []byte) error {
		p := new(Proposal)
		if err := decode(v, p); err != nil {
			return err
		}
		p.normalize()
		props = append(props, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range props {
		if f.Status != 0 && p.Status != f.Status {
			continue
		}
		if f.Voter != nil {
			if _, ok, err := s.vote(p.ID, *f.Voter); err != nil || !ok {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		if f.Depositor != nil {
			if b, err := s.kv.Get(depositKey(p.ID, *f.Depositor)); err != nil || b == nil {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		v, err := s.view(p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// QueryTally is the live tally of a proposal in its voting period (with the
// bonded stake that could vote), or its final tally once it ended.
func (s Store) QueryTally(id uint64) (*TallyView, error) {
	p, err := s.mustProposal(id)
	if err != nil {
		return nil, err
	}
	if p.Status != VotingPeriod {
		return tallyView(p.FinalTally), nil
	}
	t, err := s.CurrentTally(id)
	if err != nil {
		return nil, err
	}
	bonded, err := s.deps.Stake.BondedTokens()
	if err != nil {
		return nil, err
	}
	v := tallyView(t)
	v.Bonded = btt.Format(bonded)
	return v, nil
}

// QueryVotes lists the votes of a proposal in its voting period.
func (s Store) QueryVotes(id uint64) ([]VoteView, error) {
	if _, err := s.mustProposal(id); err != nil {
		return nil, err
	}
	out := []VoteView{}
	err := s.rangeKeys(key(prefixVote, be64(id)), func(k, v []byte) error {
		var w weights
		if err := decode(v, &w); err != nil {
			return err
		}
		out = append(out, VoteView{ProposalID: id, Voter: addrAt(k, 9), Options: w.options()})
		return nil
	})
	return out, err
}

// QueryDeposits lists the deposits of an open proposal.
func (s Store) QueryDeposits(id uint64) ([]DepositView, error) {
	if _, err := s.mustProposal(id); err != nil {
		return nil, err
	}
	out := []DepositView{}
	err := s.rangeKeys(key(prefixDeposit, be64(id)), func(k, v []byte) error {
		var amount uint256.Int
		if err := decode(v, &amount); err != nil {
			return err
		}
		out = append(out, DepositView{ProposalID: id, Depositor: addrAt(k, 9), Amount: btt.Format(&amount)})
		return nil
	})
	return out, err
}

// UpgradeView is the scheduled upgrade, if any.
type UpgradeView struct {
	Plan *Plan `json:"plan"`
}

// QueryUpgradePlan shows the scheduled upgrade.
func (s Store) QueryUpgradePlan() (UpgradeView, error) {
	p, ok, err := s.UpgradePlan()
	if err != nil || !ok {
		return UpgradeView{}, err
	}
	return UpgradeView{Plan: &p}, nil
}

// AppliedView says whether and where an upgrade was applied.
type AppliedView struct {
	Name    string `json:"name"`
	Applied bool   `json:"applied"`
	Height  uint64 `json:"height,omitempty"`
}

// QueryUpgradeApplied tells whether an upgrade was applied.
func (s Store) QueryUpgradeApplied(name string) (AppliedView, error) {
	h, ok, err := s.UpgradeApplied(name)
	return AppliedView{Name: name, Applied: ok, Height: h}, err
}

// Answer answers a query path under the module's prefix:
//
//	proposals[?status=S&voter=ADDR&depositor=ADDR]
//	proposal/ID   tally/ID   votes/ID   deposits/ID
//	params   upgrade-plan   upgrade-applied/NAME
func (s Store) Answer(path string) (any, error) {
	rest, rawQuery, _ := strings.Cut(path, "?")
	parts := strings.Split(rest, "/")
	switch parts[0] {
	case "proposals":
		f, err := proposalFilter(rawQuery)
		if err != nil {
			return nil, err
		}
		return s.QueryProposals(f)
	case "params":
		return s.Params()
	case "upgrade-plan":
		return s.QueryUpgradePlan()
	case "upgrade-applied":
		if len(parts) != 2 || parts[1] == "" {
			return nil, fmt.Errorf("%w: upgrade-applied takes an upgrade name", state.ErrBadQuery)
		}
		return s.QueryUpgradeApplied(parts[1])
	}
	byID := map[string]func(uint64) (any, error){
		"proposal": func(id uint64) (any, error) { return s.QueryProposal(id) },
		"tally":    func(id uint64) (any, error) { return s.QueryTally(id) },
		"votes":    func(id uint64) (any, error) { return s.QueryVotes(id) },
		"deposits": func(id uint64) (any, error) { return s.QueryDeposits(id) },
	}
	q, ok := byID[parts[0]]
	if !ok {
		return nil, fmt.Errorf("%w: unknown governance query %q", state.ErrUnknownQuery, parts[0])
	}
	if len(parts) != 2 {
		return nil, fmt.Errorf("%w: governance query %q takes a proposal id", state.ErrBadQuery, parts[0])
	}
	id, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: proposal id %q is not a number", state.ErrBadQuery, parts[1])
	}
	return q(id)
}

func proposalFilter(rawQuery string) (ProposalFilter, error) {
	var f ProposalFilter
	v, err := url.ParseQuery(rawQuery)
	if err != nil {
		return f, fmt.Errorf("%w: %v", state.ErrBadQuery, err)
	}
	if s := v.Get("status"); s != "" {
		if f.Status, err = ParseStatus(s); err != nil {
			return f, fmt.Errorf("%w: %v", state.ErrBadQuery, err)
		}
	}
	for name, dst := range map[string]**address.Address{"voter": &f.Voter, "depositor": &f.Depositor} {
		if s := v.Get(name); s != "" {
			a, err := address.Parse(s)
			if err != nil {
				return f, err
			}
			*dst = &a
		}
	}
	return f, nil
}
