package paych

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
)

func testKey(t testing.TB, seed byte) (*ecdsa.PrivateKey, address.Address) {
	t.Helper()
	k, err := crypto.ToECDSA(bytes.Repeat([]byte{seed}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k, address.FromPublicKey(&k.PublicKey)
}

func TestChannelIDs(t *testing.T) {
	_, payer := testKey(t, 1)
	_, payee := testKey(t, 2)
	a, b := NewChannelID(payer, payee, 0), NewChannelID(payer, payee, 1)
	if a == b || a != NewChannelID(payer, payee, 0) || a == NewChannelID(payee, payer, 0) {
		t.Fatal("channel ids must depend on payer, payee and counter, and on nothing else")
	}
	back, err := ParseChannelID(a.String())
	if err != nil || back != a {
		t.Fatalf("round trip: %v %v", back, err)
	}
	if back, err := ParseChannelID(a.String()[2:]); err != nil || back != a {
		t.Fatalf("without 0x: %v", err)
	}
	for _, bad := range []string{"", "0x12", a.String() + "00", "0x" + string(bytes.Repeat([]byte("zz"), 32))} {
		if _, err := ParseChannelID(bad); !errors.Is(err, ErrBadChannelID) {
			t.Errorf("ParseChannelID(%q): %v, want ErrBadChannelID", bad, err)
		}
	}
}

func TestVoucherSignedForOneChainAndChannel(t *testing.T) {
	key, payer := testKey(t, 1)
	_, payee := testKey(t, 2)
	v := Voucher{Channel: NewChannelID(payer, payee, 0), Amount: uint256.NewInt(1000), Nonce: 7, Expiry: 99}
	sv, err := v.Sign("bttc-1", key)
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, err := sv.Signer("bttc-1"); err != nil || got != payer {
		t.Fatalf("signer %s %v, want %s", got, err, payer)
	}
	// Any change of chain, channel or field recovers someone else.
	changed := map[string]func(*SignedVoucher) string{
		"chain":   func(*SignedVoucher) string { return "bttc-2" },
		"prefix":  func(*SignedVoucher) string { return "bttc-" },
		"channel": func(s *SignedVoucher) string { s.Voucher.Channel = NewChannelID(payer, payee, 1); return "bttc-1" },
		"amount":  func(s *SignedVoucher) string { s.Voucher.Amount = uint256.NewInt(1001); return "bttc-1" },
		"nonce":   func(s *SignedVoucher) string { s.Voucher.Nonce++; return "bttc-1" },
		"expiry":  func(s *SignedVoucher) string { s.Voucher.Expiry = 0; return "bttc-1" },
	}
	for name, change := range changed {
		c := SignedVoucher{Voucher: sv.Voucher, Signature: sv.Signature}
		c.Voucher.Amount = new(uint256.Int).Set(sv.Voucher.Amount)
		chain := change(&c)
		if got, err := c.Signer(chain); err == nil && got == payer {
			t.Errorf("%s changed, yet the signature still recovers the payer", name)
		}
	}
	// A close is not a voucher: the same fields under the close tag differ.
	cl := Close{Channel: v.Channel, Amount: v.Amount}
	if cl.Digest("bttc-1") == v.Digest("bttc-1") {
		t.Fatal("a close and a voucher share a digest")
	}
}

func TestSignatureForms(t *testing.T) {
	key, payer := testKey(t, 3)
	v := Voucher{Channel: ChannelID{1}, Amount: uint256.NewInt(5), Nonce: 1}
	sv, err := v.Sign("c", key)
	if err != nil {
		t.Fatal(err)
	}
	// The high-S twin of a valid signature recovers the same key; it is
	// refused so that a voucher has one signature.
	n := crypto.S256().Params().N
	s := new(big.Int).SetBytes(sv.Signature[32:64])
	high := append([]byte(nil), sv.Signature...)
	new(big.Int).Sub(n, s).FillBytes(high[32:64])
	high[64] ^= 1
	for name, sig := range map[string][]byte{"short": sv.Signature[:64], "long": append(append([]byte(nil), sv.Signature...), 0),
		"high S": high, "recovery id 27": append(append([]byte(nil), sv.Signature[:64]...), 27), "zero": make([]byte, 65)} {
		bad := SignedVoucher{Voucher: v, Signature: sig}
		if _, err := bad.Signer("c"); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s signature: %v, want ErrBadSignature", name, err)
		}
	}
	if got, _ := sv.Signer("c"); got != payer {
		t.Fatal("the valid signature no longer recovers the payer")
	}
	for name, bad := range map[string]Voucher{"zero amount": {Amount: new(uint256.Int), Nonce: 1}, "no amount": {Nonce: 1},
		"nonce 0": {Amount: uint256.NewInt(1)}} {
		if err := bad.Validate(); !errors.Is(err, ErrBadVoucher) {
			t.Errorf("%s: %v, want ErrBadVoucher", name, err)
		}
	}
}

func TestCodesAreUniqueAndDeterministic(t *testing.T) {
	seen := map[uint32]error{}
	for err, c := range Codes {
		if c == 0 || seen[c] != nil {
			t.Fatalf("code %d of %v is zero or taken by %v", c, err, seen[c])
		}
		seen[c] = err
		if got := CodeOf(errors.Join(errors.New("context"), err)); got != c {
			t.Fatalf("CodeOf(%v) = %d, want %d", err, got, c)
		}
	}
	if CodeOf(errors.New("other")) != 0 {
		t.Fatal("an unknown error has a code")
	}
}

func TestRecoverAheadIsPerChain(t *testing.T) {
	key, payer := testKey(t, 1)
	sv, _ := Voucher{Channel: ChannelID{1}, Amount: uint256.NewInt(5), Nonce: 1}.Sign("a", key)
	before, _ := rlp.EncodeToBytes(&sv)
	sv.Recover("a")
	if got, err := sv.Signer("a"); err != nil || got != payer {
		t.Fatalf("recovered ahead: %s %v", got, err)
	}
	if got, _ := sv.Signer("b"); got == payer {
		t.Fatal("a signer recovered for chain a was reused for chain b")
	}
	if after, _ := rlp.EncodeToBytes(&sv); !bytes.Equal(before, after) {
		t.Fatal("the recovered signer leaked into the encoding")
	}
}
