package governance

import (
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
)

// Describe names the proposal, its deposit and its contents.
func (m *MsgSubmitProposal) Describe() string {
	kind := "proposal"
	if m.Expedited {
		kind = "expedited proposal"
	}
	s := fmt.Sprintf("submit %s %q with a deposit of %s", kind, m.Title, btt.Format(m.InitialDeposit))
	if len(m.Contents) == 0 {
		return s + " (text only)"
	}
	parts := make([]string, len(m.Contents))
	for i, raw := range m.Contents {
		parts[i] = raw.Kind
		if c, err := ContentCodec(nil).Decode(raw); err == nil {
			parts[i] = tx.Describe(c)
		}
	}
	return s + ": " + strings.Join(parts, "; ")
}

// Describe says "deposit 10btt on proposal 3".
func (m *MsgDeposit) Describe() string {
	return fmt.Sprintf("deposit %s on proposal %d", btt.Format(m.Amount), m.ProposalID)
}

// Describe says "vote yes on proposal 3", or the split.
func (m *MsgVote) Describe() string {
	if len(m.Options) == 1 {
		return fmt.Sprintf("vote %s on proposal %d", m.Options[0].Option, m.ProposalID)
	}
	parts := make([]string, len(m.Options))
	for i, o := range m.Options {
		parts[i] = fmt.Sprintf("%s %s", o.Weight, o.Option)
	}
	return fmt.Sprintf("vote on proposal %d: %s", m.ProposalID, strings.Join(parts, ", "))
}

// Describe says "cancel proposal 3".
func (m *MsgCancelProposal) Describe() string {
	return fmt.Sprintf("cancel proposal %d", m.ProposalID)
}

// Describe lists the changes.
func (m *MsgParamChange) Describe() string {
	parts := make([]string, len(m.Changes))
	for i, c := range m.Changes {
		parts[i] = c.String()
	}
	return "change parameters " + strings.Join(parts, ", ")
}

// Describe names the upgrade and its height.
func (m *MsgSoftwareUpgrade) Describe() string {
	return fmt.Sprintf("software upgrade %s at height %d", m.Plan.Name, m.Plan.Height)
}

// Describe says "cancel the scheduled upgrade".
func (*MsgCancelUpgrade) Describe() string { return "cancel the scheduled software upgrade" }

// Describe says "pay 100btt from the community pool to 0x…".
func (m *MsgCommunityPoolSpend) Describe() string {
	return fmt.Sprintf("pay %s from the community pool to %s", btt.Format(m.Amount), m.Recipient)
}
