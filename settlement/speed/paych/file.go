package paych

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/btt"
)

// VoucherFile is a signed voucher as programs hand it around and keep it
// on disk: one JSON object, with the chain it was signed for. A file of
// vouchers is a sequence of them (one per line, as `speed sign-voucher`
// writes and the client appends).
type VoucherFile struct {
	ChainID string
	SignedVoucher
}

// CloseFile is a signed cooperative close, as JSON.
type CloseFile struct {
	ChainID string
	SignedClose
}

// voucherJSON is the JSON shape. Amount is for people; AmountWei is what
// was signed and the only one read back.
type voucherJSON struct {
	ChainID   string    `json:"chain_id"`
	Channel   ChannelID `json:"channel"`
	Amount    string    `json:"amount,omitempty"`
	AmountWei string    `json:"amount_wei"`
	Nonce     uint64    `json:"nonce,omitempty"`
	Expiry    uint64    `json:"expiry,omitempty"`
	Signature string    `json:"signature"`
}

// MarshalJSON writes the JSON shape.
func (f VoucherFile) MarshalJSON() ([]byte, error) {
	v := &f.Voucher
	return json.Marshal(voucherJSON{ChainID: f.ChainID, Channel: v.Channel, Amount: btt.Format(v.Amount), AmountWei: v.Amount.Dec(),
		Nonce: v.Nonce, Expiry: v.Expiry, Signature: "0x" + hex.EncodeToString(f.Signature)})
}

// UnmarshalJSON reads the JSON shape and checks the voucher's form.
func (f *VoucherFile) UnmarshalJSON(b []byte) error {
	var j voucherJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrBadVoucher, err)
	}
	amount, sig, err := decodeAmountAndSignature(j.AmountWei, j.Signature)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadVoucher, err)
	}
	*f = VoucherFile{ChainID: j.ChainID, SignedVoucher: SignedVoucher{
		Voucher: Voucher{Channel: j.Channel, Amount: amount, Nonce: j.Nonce, Expiry: j.Expiry}, Signature: sig}}
	if j.ChainID == "" {
		return fmt.Errorf("%w: no chain_id", ErrBadVoucher)
	}
	return f.Validate()
}

// MarshalJSON writes a close as JSON.
func (f CloseFile) MarshalJSON() ([]byte, error) {
	c := &f.Close
	return json.Marshal(voucherJSON{ChainID: f.ChainID, Channel: c.Channel, Amount: btt.Format(c.Amount), AmountWei: c.Amount.Dec(),
		Signature: "0x" + hex.EncodeToString(f.Signature)})
}

// UnmarshalJSON reads a close and checks its form.
func (f *CloseFile) UnmarshalJSON(b []byte) error {
	var j voucherJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrBadClose, err)
	}
	if j.Nonce != 0 || j.Expiry != 0 {
		return fmt.Errorf("%w: this is a voucher, not a cooperative close", ErrBadClose)
	}
	amount, sig, err := decodeAmountAndSignature(j.AmountWei, j.Signature)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadClose, err)
	}
	*f = CloseFile{ChainID: j.ChainID, SignedClose: SignedClose{Close: Close{Channel: j.Channel, Amount: amount}, Signature: sig}}
	if j.ChainID == "" {
		return fmt.Errorf("%w: no chain_id", ErrBadClose)
	}
	return f.Validate()
}

func decodeAmountAndSignature(wei, sig string) (*uint256.Int, []byte, error) {
	amount, err := uint256.FromDecimal(wei)
	if err != nil {
		return nil, nil, fmt.Errorf("amount_wei %q: want a decimal number of wei below 2^256", wei)
	}
	raw, err := hex.DecodeString(strings.TrimPrefix(sig, "0x"))
	if err != nil {
		return nil, nil, fmt.Errorf("signature: not hex")
	}
	return amount, raw, nil
}

// ReadVouchers reads every voucher of r: a sequence of JSON objects,
// whitespace between them. The error names the voucher that is wrong.
func ReadVouchers(r io.Reader) ([]VoucherFile, error) {
	dec := json.NewDecoder(r)
	var out []VoucherFile
	for {
		var f VoucherFile
		err := dec.Decode(&f)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil && !errors.Is(err, ErrBadVoucher) {
			err = fmt.Errorf("%w: %v", ErrBadVoucher, err) // not JSON at all
		}
		if err != nil {
			return out, fmt.Errorf("voucher %d: %w", len(out)+1, err)
		}
		out = append(out, f)
	}
}
