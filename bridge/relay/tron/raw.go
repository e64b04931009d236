package tron

import (
	"errors"
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/bttc-network/bttc/core/address"
)

// Contract types of Transaction.Contract.type the bridge uses.
const (
	CreateSmartContract  = 30
	TriggerSmartContract = 31
)

// Type URLs of the contracts' parameters (a protobuf Any).
const (
	CreateTypeURL  = "type.googleapis.com/protocol.CreateSmartContract"
	TriggerTypeURL = "type.googleapis.com/protocol.TriggerSmartContract"
)

// ErrMalformed is returned for bytes that are not the protobuf message
// expected.
var ErrMalformed = errors.New("malformed TRON transaction")

// Raw is Transaction.raw, what a transaction's id hashes and its owner
// signs. Fields the bridge never sets (auths, scripts) are skipped when
// read.
type Raw struct {
	RefBlockBytes []byte     // 1: bytes 6–8 of the reference block's number
	RefBlockNum   int64      // 3
	RefBlockHash  []byte     // 4: bytes 8–16 of the reference block's id
	Expiration    int64      // 8: unix ms after which it is refused
	Data          []byte     // 10: a memo
	Contracts     []Contract // 11: exactly one in practice
	Timestamp     int64      // 14: unix ms
	FeeLimit      int64      // 18: the most energy it may burn, in sun
}

// Contract is Transaction.Contract: the action and its parameter.
type Contract struct {
	Type         int32  // 1
	TypeURL      string // 2.1 (Any.type_url)
	Value        []byte // 2.2 (Any.value): the encoded Call or Create
	PermissionID int32  // 5
}

// Call is TriggerSmartContract: a call of a deployed contract.
type Call struct {
	Owner     address.Address // 1 (0x41 ‖ 20 bytes)
	Contract  address.Address // 2
	CallValue int64           // 3: TRX sent, in sun
	Data      []byte          // 4: the calldata
}

// Create is CreateSmartContract: a deployment, with the fields of its
// SmartContract (new_contract, 2) that the bridge sets.
type Create struct {
	Owner                      address.Address // 1
	Origin                     address.Address // 2.1
	Bytecode                   []byte          // 2.4: creation code and constructor arguments
	CallValue                  int64           // 2.5
	ConsumeUserResourcePercent int64           // 2.6
	Name                       string          // 2.7
	OriginEnergyLimit          int64           // 2.8
}

// Marshal encodes r.
func (r *Raw) Marshal() []byte {
	var b []byte
	b = appendBytes(b, 1, r.RefBlockBytes)
	b = appendInt(b, 3, r.RefBlockNum)
	b = appendBytes(b, 4, r.RefBlockHash)
	b = appendInt(b, 8, r.Expiration)
	b = appendBytes(b, 10, r.Data)
	for _, c := range r.Contracts {
		var any []byte
		any = appendBytes(any, 1, []byte(c.TypeURL))
		any = appendBytes(any, 2, c.Value)
		var cb []byte
		cb = appendInt(cb, 1, int64(c.Type))
		cb = protowire.AppendTag(cb, 2, protowire.BytesType)
		cb = protowire.AppendBytes(cb, any)
		cb = appendInt(cb, 5, int64(c.PermissionID))
		b = protowire.AppendTag(b, 11, protowire.BytesType)
		b = protowire.AppendBytes(b, cb)
	}
	b = appendInt(b, 14, r.Timestamp)
	b = appendInt(b, 18, r.FeeLimit)
	return b
}

// Marshal encodes c.
func (c *Call) Marshal() []byte {
	var b []byte
	b = appendBytes(b, 1, tronBytes(c.Owner))
	b = appendBytes(b, 2, tronBytes(c.Contract))
	b = appendInt(b, 3, c.CallValue)
	return appendBytes(b, 4, c.Data)
}

// Marshal encodes c.
func (c *Create) Marshal() []byte {
	var sc []byte
	sc = appendBytes(sc, 1, tronBytes(c.Origin))
	sc = appendBytes(sc, 4, c.Bytecode)
	sc = appendInt(sc, 5, c.CallValue)
	sc = appendInt(sc, 6, c.ConsumeUserResourcePercent)
	sc = appendBytes(sc, 7, []byte(c.Name))
	sc = appendInt(sc, 8, c.OriginEnergyLimit)
	var b []byte
	b = appendBytes(b, 1, tronBytes(c.Owner))
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	return protowire.AppendBytes(b, sc)
}

// DecodeRaw reads a transaction's raw_data.
func DecodeRaw(b []byte) (*Raw, error) {
	r := &Raw{}
	err := fields(b, func(num protowire.Number, v value) error {
		var err error
		switch num {
		case 1:
			r.RefBlockBytes, err = v.bytes()
		case 3:
			r.RefBlockNum, err = v.int()
		case 4:
			r.RefBlockHash, err = v.bytes()
		case 8:
			r.Expiration, err = v.int()
		case 10:
			r.Data, err = v.bytes()
		case 11:
			var raw []byte
			if raw, err = v.bytes(); err == nil {
				var c Contract
				c, err = decodeContract(raw)
				r.Contracts = append(r.Contracts, c)
			}
		case 14:
			r.Timestamp, err = v.int()
		case 18:
			r.FeeLimit, err = v.int()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func decodeContract(b []byte) (Contract, error) {
	var c Contract
	err := fields(b, func(num protowire.Number, v value) error {
		switch num {
		case 1:
			t, err := v.int()
			c.Type = int32(t)
			return err
		case 2:
			any, err := v.bytes()
			if err != nil {
				return err
			}
			return fields(any, func(num protowire.Number, v value) error {
				var err error
				switch num {
				case 1:
					var u []byte
					u, err = v.bytes()
					c.TypeURL = string(u)
				case 2:
					c.Value, err = v.bytes()
				}
				return err
			})
		case 5:
			p, err := v.int()
			c.PermissionID = int32(p)
			return err
		}
		return nil
	})
	return c, err
}

// DecodeCall reads a TriggerSmartContract.
func DecodeCall(b []byte) (*Call, error) {
	c := &Call{}
	err := fields(b, func(num protowire.Number, v value) error {
		var err error
		switch num {
		case 1:
			c.Owner, err = v.address()
		case 2:
			c.Contract, err = v.address()
		case 3:
			c.CallValue, err = v.int()
		case 4:
			c.Data, err = v.bytes()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DecodeCreate reads a CreateSmartContract.
func DecodeCreate(b []byte) (*Create, error) {
	c := &Create{}
	err := fields(b, func(num protowire.Number, v value) error {
		switch num {
		case 1:
			var err error
			c.Owner, err = v.address()
			return err
		case 2:
			sc, err := v.bytes()
			if err != nil {
				return err
			}
			return fields(sc, func(num protowire.Number, v value) error {
				var err error
				switch num {
				case 1:
					c.Origin, err = v.address()
				case 4:
					c.Bytecode, err = v.bytes()
				case 5:
					c.CallValue, err = v.int()
				case 6:
					c.ConsumeUserResourcePercent, err = v.int()
				case 7:
					var n []byte
					n, err = v.bytes()
					c.Name = string(n)
				case 8:
					c.OriginEnergyLimit, err = v.int()
				}
				return err
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// value is one field's value as read off the wire.
type value struct {
	typ    protowire.Type
	varint uint64
	raw    []byte
}

func (v value) int() (int64, error) {
	if v.typ != protowire.VarintType {
		return 0, fmt.Errorf("%w: a number field has wire type %d", ErrMalformed, v.typ)
	}
	return int64(v.varint), nil
}

func (v value) bytes() ([]byte, error) {
	if v.typ != protowire.BytesType {
		return nil, fmt.Errorf("%w: a bytes field has wire type %d", ErrMalformed, v.typ)
	}
	return v.raw, nil
}

func (v value) address() (address.Address, error) {
	b, err := v.bytes()
	if err != nil {
		return address.Address{}, err
	}
	return FromTronBytes(b)
}

// fields calls each for every field of the message b, in order; fields of
// other wire types than varint and bytes are skipped.
func fields(b []byte, each func(protowire.Number, value) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%w: %v", ErrMalformed, protowire.ParseError(n))
		}
		b = b[n:]
		v := value{typ: typ}
		switch typ {
		case protowire.VarintType:
			v.varint, n = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v.raw, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return fmt.Errorf("%w: field %d: %v", ErrMalformed, num, protowire.ParseError(n))
		}
		b = b[n:]
		if typ == protowire.VarintType || typ == protowire.BytesType {
			if err := each(num, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendInt writes a varint field, omitted when zero as proto3 does.
func appendInt(b []byte, num protowire.Number, v int64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

// appendBytes writes a bytes field, omitted when empty as proto3 does.
func appendBytes(b []byte, num protowire.Number, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

// tronBytes is a's TRON form on the wire: 0x41 and its 20 bytes.
func tronBytes(a address.Address) []byte { return append([]byte{0x41}, a[:]...) }

// FromTronBytes reads an address in its TRON wire form (0x41 and 20 bytes).
func FromTronBytes(b []byte) (address.Address, error) {
	if len(b) != 21 || b[0] != 0x41 {
		return address.Address{}, fmt.Errorf("%w: an address is not 0x41 and 20 bytes", ErrMalformed)
	}
	return address.Address(b[1:]), nil
}
