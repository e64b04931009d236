package governance

import (
	"fmt"
	"unicode/utf8"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/tx"
)

// Message kinds of the governance module.
const (
	KindSubmitProposal = "gov/submit-proposal"
	KindDeposit        = "gov/deposit"
	KindVote           = "gov/vote"
	KindCancelProposal = "gov/cancel-proposal"
)

// Limits on a proposal's text, as the Cosmos SDK's.
const (
	MaxTitleLen    = 140
	MaxSummaryLen  = 10_000
	MaxMetadataLen = 255
	MaxContents    = 16
)

// MsgSubmitProposal proposes contents (none for a text proposal) with an
// initial deposit from the sender.
type MsgSubmitProposal struct {
	Title          string
	Summary        string
	Metadata       string
	Contents       []tx.RawMsg
	InitialDeposit *uint256.Int
	Expedited      bool
}

func (*MsgSubmitProposal) Kind() string { return KindSubmitProposal }

// Validate checks the text and the number of contents; the contents
// themselves are checked against state when the proposal is submitted.
func (m *MsgSubmitProposal) Validate() error {
	switch {
	case m.Title == "" || len(m.Title) > MaxTitleLen:
		return fmt.Errorf("%w: title must be 1 to %d bytes", ErrBadProposal, MaxTitleLen)
	case len(m.Summary) > MaxSummaryLen:
		return fmt.Errorf("%w: summary is %d bytes, limit %d", ErrBadProposal, len(m.Summary), MaxSummaryLen)
	case len(m.Metadata) > MaxMetadataLen:
		return fmt.Errorf("%w: metadata is %d bytes, limit %d", ErrBadProposal, len(m.Metadata), MaxMetadataLen)
	case !utf8.ValidString(m.Title) || !utf8.ValidString(m.Summary) || !utf8.ValidString(m.Metadata):
		return fmt.Errorf("%w: text is not UTF-8", ErrBadProposal)
	case len(m.Contents) > MaxContents:
		return fmt.Errorf("%w: %d contents, limit %d", ErrBadProposal, len(m.Contents), MaxContents)
	case m.InitialDeposit == nil:
		return fmt.Errorf("%w: initial deposit is missing", ErrBadProposal)
	}
	return nil
}

// MsgDeposit adds to a proposal's deposit.
type MsgDeposit struct {
	ProposalID uint64
	Amount     *uint256.Int
}

func (*MsgDeposit) Kind() string { return KindDeposit }

// Validate checks the amount is positive.
func (m *MsgDeposit) Validate() error {
	if m.Amount == nil || m.Amount.IsZero() {
		return fmt.Errorf("%w: amount must be positive", ErrDepositTooSmall)
	}
	return nil
}

// MsgVote casts or changes the sender's vote, whole or split over options.
type MsgVote struct {
	ProposalID uint64
	Options    []WeightedOption
}

func (*MsgVote) Kind() string { return KindVote }

// Validate checks the options and weights.
func (m *MsgVote) Validate() error {
	_, err := validateOptions(m.Options)
	return err
}

// MsgCancelProposal withdraws the sender's open proposal.
type MsgCancelProposal struct {
	ProposalID uint64
}

func (*MsgCancelProposal) Kind() string { return KindCancelProposal }

// Validate has nothing to check without state.
func (*MsgCancelProposal) Validate() error { return nil }

// Gas of each kind on top of store access. A vote walks the voter's
// delegations, which store reads charge for.
const (
	GasSubmit uint64 = 50_000
	GasSmall  uint64 = 10_000
)

// Kinds registers the module's messages.
func Kinds() []tx.MsgKind {
	return []tx.MsgKind{
		{Name: KindSubmitProposal, Gas: GasSubmit, New: func() tx.Msg { return new(MsgSubmitProposal) }},
		{Name: KindDeposit, Gas: GasSmall, New: func() tx.Msg { return new(MsgDeposit) }},
		{Name: KindVote, Gas: GasSmall, New: func() tx.Msg { return new(MsgVote) }},
		{Name: KindCancelProposal, Gas: GasSmall, New: func() tx.Msg { return new(MsgCancelProposal) }},
	}
}

// Handle routes a governance message to its transition.
func (s Store) Handle(env tx.Env, m tx.Msg) ([]tx.Event, error) {
	switch m := m.(type) {
	case *MsgSubmitProposal:
		return s.Submit(env, m)
	case *MsgDeposit:
		return s.Deposit(env, m)
	case *MsgVote:
		return s.Vote(env, m)
	case *MsgCancelProposal:
		return s.Cancel(env, m)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
