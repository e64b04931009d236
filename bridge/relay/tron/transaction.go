package tron

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bttc-network/bttc/core/address"
)

// Chain ids TRON's JSON-RPC answers (the last four bytes of each network's
// genesis block id): mainnet, the Shasta and the Nile test networks.
const (
	Mainnet = 0x2b6653dc
	Shasta  = 0x94a9059e
	Nile    = 0xcd8690dc
)

// IsChainID reports whether id is a TRON network's: the bridge reaches
// those through the HTTP API.
func IsChainID(id uint64) bool { return id == Mainnet || id == Shasta || id == Nile }

// Transaction is a transaction as TRON's HTTP API carries it.
// RawData is kept as the node wrote it, since broadcasttransaction reads
// that form back.
type Transaction struct {
	Visible    bool            `json:"visible"`
	TxID       string          `json:"txID"`
	RawData    json.RawMessage `json:"raw_data"`
	RawDataHex string          `json:"raw_data_hex"`
	Signature  []string        `json:"signature,omitempty"`
	// ContractAddress is what deploycontract says the new contract's
	// address will be (0x41 ‖ 20 bytes, hex).
	ContractAddress string `json:"contract_address,omitempty"`
}

// Errors of a transaction's content.
var (
	// ErrTxID is returned when a transaction's id is not sha256 of its raw_data.
	ErrTxID = errors.New("the transaction id is not sha256 of its raw_data")
	// ErrUnexpected is returned when the node built another transaction than the one asked for.
	ErrUnexpected = errors.New("the node built another transaction than the one asked for")
)

// Decode returns the raw_data bytes and their decoding, after checking the
// id is their sha256.
func (t *Transaction) Decode() ([]byte, *Raw, error) {
	raw, err := hex.DecodeString(t.RawDataHex)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: raw_data_hex is not hex", ErrMalformed)
	}
	id := sha256.Sum256(raw)
	if hex.EncodeToString(id[:]) != t.TxID {
		return nil, nil, fmt.Errorf("%w (txID %q)", ErrTxID, t.TxID)
	}
	r, err := DecodeRaw(raw)
	if err != nil {
		return nil, nil, err
	}
	return raw, r, nil
}

// CheckCall checks t is the call asked for: one TriggerSmartContract from
// owner to contract with data, no TRX sent, and a fee limit of at most
// feeLimit.
func (t *Transaction) CheckCall(owner, contract address.Address, data []byte, feeLimit int64) error {
	_, r, err := t.Decode()
	if err != nil {
		return err
	}
	c, err := onlyContract(r, TriggerSmartContract, feeLimit)
	if err != nil {
		return err
	}
	call, err := DecodeCall(c.Value)
	if err != nil {
		return err
	}
	if call.Owner != owner || call.Contract != contract || call.CallValue != 0 || !bytes.Equal(call.Data, data) {
		return fmt.Errorf("%w: a call from %s to %s, %d sun, %d bytes of data", ErrUnexpected, call.Owner.Tron(), call.Contract.Tron(), call.CallValue, len(call.Data))
	}
	return nil
}

// CheckCreate checks t is the deployment asked for: one CreateSmartContract
// by owner of code, no TRX sent, a fee limit of at most feeLimit.
func (t *Transaction) CheckCreate(owner address.Address, code []byte, feeLimit int64) error {
	_, r, err := t.Decode()
	if err != nil {
		return err
	}
	c, err := onlyContract(r, CreateSmartContract, feeLimit)
	if err != nil {
		return err
	}
	cr, err := DecodeCreate(c.Value)
	if err != nil {
		return err
	}
	if cr.Owner != owner || cr.CallValue != 0 || !bytes.Equal(cr.Bytecode, code) {
		return fmt.Errorf("%w: a deployment by %s of %d bytes, %d sun", ErrUnexpected, cr.Owner.Tron(), len(cr.Bytecode), cr.CallValue)
	}
	return nil
}

func onlyContract(r *Raw, typ int32, feeLimit int64) (*Contract, error) {
	if len(r.Contracts) != 1 || r.Contracts[0].Type != typ {
		return nil, fmt.Errorf("%w: %d contracts, the first not of type %d", ErrUnexpected, len(r.Contracts), typ)
	}
	if r.FeeLimit > feeLimit {
		return nil, fmt.Errorf("%w: a fee limit of %d sun, %d asked", ErrUnexpected, r.FeeLimit, feeLimit)
	}
	return &r.Contracts[0], nil
}

// Sign adds key's signature of the transaction id: r ‖ s ‖ v with v 27 or
// 28, as TronWeb signs.
func (t *Transaction) Sign(key *ecdsa.PrivateKey) error {
	id, err := hex.DecodeString(t.TxID)
	if err != nil || len(id) != 32 {
		return fmt.Errorf("%w: txID %q is not 32 bytes of hex", ErrMalformed, t.TxID)
	}
	sig, err := crypto.Sign(id, key)
	if err != nil {
		return err
	}
	sig[64] += 27
	t.Signature = append(t.Signature, hex.EncodeToString(sig))
	return nil
}

// Signer recovers who made sig over the transaction id txID, accepting v
// as 0/1 or 27/28 as java-tron does.
func Signer(txID []byte, sig []byte) (address.Address, error) {
	if len(sig) != 65 {
		return address.Address{}, fmt.Errorf("a signature is 65 bytes, not %d", len(sig))
	}
	s := bytes.Clone(sig)
	if s[64] >= 27 {
		s[64] -= 27
	}
	pub, err := crypto.SigToPub(txID, s)
	if err != nil {
		return address.Address{}, err
	}
	return address.FromPublicKey(pub), nil
}
