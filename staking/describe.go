package staking

import (
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/core/btt"
)

// Describe says what the message does, amounts in btt.
func (m *MsgCreateValidator) Describe() string {
	return fmt.Sprintf("create validator %q bonding %s, commission %s (max %s, change %s a day), bridge signer %s",
		m.Description.Moniker, btt.Format(m.SelfBond), m.Rate, m.MaxRate, m.MaxChange, m.BridgeSigner)
}

// Describe lists what the edit changes.
func (m *MsgEditValidator) Describe() string {
	var parts []string
	if m.SetDescription {
		parts = append(parts, fmt.Sprintf("description to %q", m.Description.Moniker))
	}
	if m.SetRate {
		parts = append(parts, "commission rate to "+m.Rate.String())
	}
	if m.MinSelfDelegation != nil && !m.MinSelfDelegation.IsZero() {
		parts = append(parts, "minimum self-delegation to "+btt.Format(m.MinSelfDelegation))
	}
	return "edit validator: " + strings.Join(parts, ", ")
}

// Describe names the new signer.
func (m *MsgSetBridgeSigner) Describe() string {
	return "set the validator's bridge signer to " + m.Signer.Hex()
}

// Describe says "delegate 50btt to 0x…".
func (m *MsgDelegate) Describe() string {
	return fmt.Sprintf("delegate %s to %s", btt.Format(m.Amount), m.Validator)
}

// Describe says "unbond 20btt from 0x…".
func (m *MsgUndelegate) Describe() string {
	return fmt.Sprintf("unbond %s from %s", btt.Format(m.Amount), m.Validator)
}

// Describe says "redelegate 5btt from 0x… to 0x…".
func (m *MsgRedelegate) Describe() string {
	return fmt.Sprintf("redelegate %s from %s to %s", btt.Format(m.Amount), m.Src, m.Dst)
}

// Describe names the entry cancelled.
func (m *MsgCancelUnbond) Describe() string {
	return fmt.Sprintf("cancel unbonding %s from %s (entry of height %d)", btt.Format(m.Amount), m.Validator, m.CreationHeight)
}

// Describe says whose rewards are withdrawn.
func (m *MsgWithdrawRewards) Describe() string {
	what := "withdraw rewards from all delegations"
	if len(m.Validators) > 0 {
		names := make([]string, len(m.Validators))
		for i, v := range m.Validators {
			names[i] = v.Hex()
		}
		what = "withdraw rewards from " + strings.Join(names, ", ")
	}
	if m.Commission {
		what += ", and the validator's commission"
	}
	return what
}

// Describe says "unjail the validator".
func (*MsgUnjail) Describe() string { return "unjail the validator" }
