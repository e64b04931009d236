package paych

import (
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// ChannelView is a channel as the node answers it.
type ChannelView struct {
	ID      ChannelID       `json:"id"`
	Payer   address.Address `json:"payer"`
	Payee   address.Address `json:"payee"`
	State   State           `json:"state"`
	Deposit string          `json:"deposit"`
	// Redeemed is what the payee has taken; Remaining what is left of
	// the deposit.
	Redeemed     string `json:"redeemed"`
	Remaining    string `json:"remaining"`
	DepositWei   string `json:"deposit_wei"`
	RedeemedWei  string `json:"redeemed_wei"`
	RemainingWei string `json:"remaining_wei"`
	// Nonce is the highest voucher nonce redeemed; Vouchers how many
	// vouchers were redeemed in all.
	Nonce    uint64 `json:"nonce"`
	Vouchers uint64 `json:"vouchers"`
	// SettleDelay is the channel's delay between a payer's close and
	// its settlement, fixed when it opened.
	SettleDelay  string     `json:"settle_delay"`
	OpenedHeight uint64     `json:"opened_height"`
	ClosingSince *time.Time `json:"closing_since,omitempty"`
	SettleAt     *time.Time `json:"settle_at,omitempty"`
}

// DepositAmount is the deposit in wei.
func (v *ChannelView) DepositAmount() *uint256.Int { return parseWei(v.DepositWei) }

// RedeemedAmount is what was redeemed, in wei.
func (v *ChannelView) RedeemedAmount() *uint256.Int { return parseWei(v.RedeemedWei) }

func parseWei(s string) *uint256.Int {
	n, err := uint256.FromDecimal(s)
	if err != nil {
		return new(uint256.Int)
	}
	return n
}

// Amounts fills the amount fields of v from wei; a closed channel has
// nothing remaining, its rest having gone back to the payer.
func (v *ChannelView) Amounts(deposit, redeemed *uint256.Int) {
	remaining := new(uint256.Int).Sub(deposit, redeemed)
	if v.State == Closed {
		remaining.Clear()
	}
	v.Deposit, v.DepositWei = btt.Format(deposit), deposit.Dec()
	v.Redeemed, v.RedeemedWei = btt.Format(redeemed), redeemed.Dec()
	v.Remaining, v.RemainingWei = btt.Format(remaining), remaining.Dec()
}

// ChannelPage is one page of a list of channels. Next, when not empty, is
// the id to ask from for the following page.
type ChannelPage struct {
	Channels []ChannelView `json:"channels"`
	Next     string        `json:"next,omitempty"`
}

// Stats are the module's totals as the node answers them.
type Stats struct {
	// Unsettled is how many channels are open or closing.
	Unsettled uint64 `json:"unsettled_channels"`
}
