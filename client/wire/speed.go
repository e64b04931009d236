package wire

import (
	"fmt"

	"github.com/anacrolix/torrent/bencode"
	pp "github.com/anacrolix/torrent/peer_protocol"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

// ExtSpeed is the BEP 10 name of the Speed extension (docs/speed-extension.md).
const ExtSpeed = "btt_speed"

// SpeedVersion is the version of the Speed extension btt speaks.
const SpeedVersion = 1

// SpeedType says what a Speed message is.
type SpeedType int

// The Speed messages. Their numbers are part of the published protocol.
const (
	SpeedOffer        SpeedType = 0 // seller → any: payee, chain, price floor
	SpeedBid          SpeedType = 1 // buyer → seller: price per MiB and channel
	SpeedAward        SpeedType = 2 // seller → bidder: won or lost, the price to pay
	SpeedVoucher      SpeedType = 3 // buyer → seller: a signed cumulative voucher
	SpeedReceipt      SpeedType = 4 // seller → buyer: the voucher is credited
	SpeedRefusal      SpeedType = 5 // seller → buyer: the voucher is refused, and why
	SpeedCloseRequest SpeedType = 6 // buyer → seller: please sign a close
	SpeedClose        SpeedType = 7 // seller → buyer: the signed cooperative close
)

func (t SpeedType) String() string {
	names := [...]string{"offer", "bid", "award", "voucher", "receipt", "refusal", "close request", "close"}
	if t >= 0 && int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("speed message %d", int(t))
}

// SpeedMsg is one Speed message. Which fields a type carries is in the
// specification; Parse checks them.
type SpeedMsg struct {
	Type      SpeedType
	Version   int             // offer, bid: the highest version the sender speaks
	ChainID   string          // offer, voucher, close
	Payee     address.Address // offer
	Price     *uint256.Int    // offer: the floor; bid: the bid (0 withdraws); award: the clearing price
	Slots     int             // offer: how many upload slots are auctioned
	Won       bool            // award
	Channel   [32]byte        // bid (zero: none yet), voucher, receipt, close request, close
	Amount    *uint256.Int    // voucher, close: cumulative wei; receipt: all credited so far
	Nonce     uint64          // voucher, receipt, refusal
	Expiry    uint64          // voucher
	Signature []byte          // voucher, close
	Reason    string          // refusal
}

// speedDict is the bencoded form. Amounts are decimal strings: bencode's
// integers are read as int64 by most libraries, and wei overflow it.
type speedDict struct {
	Type    int    `bencode:"msg_type"`
	Version int    `bencode:"v,omitempty"`
	Chain   string `bencode:"chain,omitempty"`
	Payee   []byte `bencode:"payee,omitempty"`
	Price   string `bencode:"price,omitempty"`
	Slots   int    `bencode:"slots,omitempty"`
	Won     int    `bencode:"won,omitempty"`
	Channel []byte `bencode:"channel,omitempty"`
	Amount  string `bencode:"amount,omitempty"`
	Nonce   int64  `bencode:"nonce,omitempty"`
	Expiry  int64  `bencode:"expiry,omitempty"`
	Sig     []byte `bencode:"sig,omitempty"`
	Reason  string `bencode:"reason,omitempty"`
}

// maxReason bounds a refusal's reason.
const maxReason = 200

// Encode is the message for a peer whose id for btt_speed is id.
func (m *SpeedMsg) Encode(id pp.ExtensionNumber) Message {
	d := speedDict{Type: int(m.Type), Version: m.Version, Chain: m.ChainID, Slots: m.Slots,
		Nonce: int64(m.Nonce), Expiry: int64(m.Expiry), Sig: m.Signature, Reason: m.Reason}
	if len(d.Reason) > maxReason {
		d.Reason = d.Reason[:maxReason]
	}
	if m.Type == SpeedOffer {
		d.Payee = m.Payee[:]
	}
	if m.Price != nil {
		d.Price = m.Price.Dec()
	}
	if m.Won {
		d.Won = 1
	}
	if m.Channel != ([32]byte{}) {
		d.Channel = m.Channel[:]
	}
	if m.Amount != nil {
		d.Amount = m.Amount.Dec()
	}
	return Message{Type: Extended, ExtendedID: id, ExtendedPayload: bencode.MustMarshal(d)}
}

// ErrSpeedMsg is returned for a Speed message that breaks the specification.
var ErrSpeedMsg = fmt.Errorf("malformed %s message", ExtSpeed)

// ParseSpeed reads a Speed message and checks that it carries what its type
// needs. A type it does not know is returned with no error and no fields,
// for the caller to ignore: later versions may add types.
func ParseSpeed(payload []byte) (SpeedMsg, error) {
	var d speedDict
	if err := bencode.Unmarshal(payload, &d); err != nil {
		return SpeedMsg{}, fmt.Errorf("%w: %v", ErrSpeedMsg, err)
	}
	m := SpeedMsg{Type: SpeedType(d.Type)}
	if d.Type < 0 || d.Type > int(SpeedClose) {
		return m, nil
	}
	bad := func(format string, a ...any) (SpeedMsg, error) {
		return SpeedMsg{}, fmt.Errorf("%w: %v: %s", ErrSpeedMsg, m.Type, fmt.Sprintf(format, a...))
	}
	if d.Nonce < 0 || d.Expiry < 0 || d.Version < 0 || d.Slots < 0 {
		return bad("negative number")
	}
	m.Version, m.ChainID, m.Slots, m.Won = d.Version, d.Chain, d.Slots, d.Won != 0
	m.Nonce, m.Expiry, m.Signature = uint64(d.Nonce), uint64(d.Expiry), d.Sig
	var err error
	if d.Price != "" {
		if m.Price, err = parseWei(d.Price); err != nil {
			return bad("price: %v", err)
		}
	}
	if d.Amount != "" {
		if m.Amount, err = parseWei(d.Amount); err != nil {
			return bad("amount: %v", err)
		}
	}
	switch len(d.Channel) {
	case 0:
	case 32:
		copy(m.Channel[:], d.Channel)
	default:
		return bad("channel of %d bytes", len(d.Channel))
	}
	hasChannel := m.Channel != [32]byte{}
	switch m.Type {
	case SpeedOffer:
		if len(d.Payee) != address.Length || m.ChainID == "" || m.Price == nil || m.Version < 1 {
			return bad("want v, chain, payee and price")
		}
		copy(m.Payee[:], d.Payee)
	case SpeedBid:
		if m.Price == nil || m.Version < 1 {
			return bad("want v and price")
		}
	case SpeedAward:
		if m.Won && m.Price == nil {
			return bad("a won award needs a price")
		}
	case SpeedVoucher:
		if !hasChannel || m.Amount == nil || m.Nonce == 0 || len(m.Signature) != 65 || m.ChainID == "" {
			return bad("want chain, channel, amount, nonce and a 65-byte sig")
		}
	case SpeedReceipt:
		if !hasChannel || m.Amount == nil {
			return bad("want channel and amount")
		}
	case SpeedRefusal:
		m.Reason = d.Reason[:min(len(d.Reason), maxReason)]
	case SpeedCloseRequest:
		if !hasChannel {
			return bad("want channel")
		}
	case SpeedClose:
		if !hasChannel || m.Amount == nil || len(m.Signature) != 65 || m.ChainID == "" {
			return bad("want chain, channel, amount and a 65-byte sig")
		}
	}
	return m, nil
}

// parseWei reads a decimal amount of at most 78 digits.
func parseWei(s string) (*uint256.Int, error) {
	if len(s) > 78 {
		return nil, fmt.Errorf("%d digits", len(s))
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("%q is not a decimal number", s)
		}
	}
	return uint256.FromDecimal(s)
}
