package tron

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/bttc-network/bttc/core/address"
)

func sampleRaw() *Raw {
	owner, contract := address.Address{1, 2, 3}, address.Address{0xaa, 0xbb}
	call := Call{Owner: owner, Contract: contract, Data: []byte{0xde, 0xad, 0xbe, 0xef}}
	return &Raw{RefBlockBytes: []byte{0x12, 0x34}, RefBlockHash: []byte{1, 2, 3, 4, 5, 6, 7, 8}, Expiration: 1_790_000_060_000,
		Timestamp: 1_790_000_000_000, FeeLimit: DefaultFeeLimit,
		Contracts: []Contract{{Type: TriggerSmartContract, TypeURL: TriggerTypeURL, Value: call.Marshal()}}}
}

// What Marshal writes, the decoders read back the same.
func TestRoundTrip(t *testing.T) {
	r := sampleRaw()
	got, err := DecodeRaw(r.Marshal())
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("raw: %+v, %v; want %+v", got, err, r)
	}
	call, err := DecodeCall(got.Contracts[0].Value)
	if err != nil || call.Owner != (address.Address{1, 2, 3}) || call.Contract != (address.Address{0xaa, 0xbb}) || !bytes.Equal(call.Data, []byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Fatalf("call: %+v, %v", call, err)
	}
	cr := Create{Owner: address.Address{9}, Origin: address.Address{9}, Bytecode: []byte{0x60, 0x80}, Name: "BTTCRoot",
		ConsumeUserResourcePercent: 100, OriginEnergyLimit: 10_000_000}
	back, err := DecodeCreate(cr.Marshal())
	if err != nil || !reflect.DeepEqual(*back, cr) {
		t.Fatalf("create: %+v, %v; want %+v", back, err, cr)
	}
}

// A field of the wrong wire type, a truncated message and an address
// without TRON's 0x41 are errors.
func TestDecodeMalformed(t *testing.T) {
	good := sampleRaw().Marshal()
	for name, b := range map[string][]byte{
		"truncated":        good[:len(good)-3],
		"bytes as varint":  {0x08 | 0x00, 0x01, 0x0a, 0x05, 'x'}, // field 1 as varint
		"bad tag":          {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		"expiration bytes": {0x42, 0x01, 0x00}, // field 8 as bytes
	} {
		if _, err := DecodeRaw(b); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	bad := (&Call{Owner: address.Address{1}}).Marshal()
	bad[2] = 0x42 // the owner's 0x41 prefix
	if _, err := DecodeCall(bad); err == nil {
		t.Error("an owner without 0x41 decoded")
	}
}

// Decoding never panics, and what decodes re-encodes to bytes that decode
// the same.
func FuzzDecodeRaw(f *testing.F) {
	f.Add(sampleRaw().Marshal())
	f.Add((&Create{Owner: address.Address{1}, Bytecode: []byte{1}}).Marshal())
	f.Add([]byte{0x5a, 0x02, 0x08, 0x1f})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRaw(b)
		if err == nil {
			again, err := DecodeRaw(r.Marshal())
			if err != nil || !reflect.DeepEqual(normal(again), normal(r)) {
				t.Fatalf("re-encoded %+v decodes as %+v, %v", r, again, err)
			}
		}
		_, _ = DecodeCall(b)
		_, _ = DecodeCreate(b)
	})
}

// normal makes empty and nil byte slices alike, as proto3 does.
func normal(r *Raw) *Raw {
	c := *r
	for _, p := range []*[]byte{&c.RefBlockBytes, &c.RefBlockHash, &c.Data} {
		if len(*p) == 0 {
			*p = nil
		}
	}
	c.Contracts = nil
	for _, k := range r.Contracts {
		if len(k.Value) == 0 {
			k.Value = nil
		}
		c.Contracts = append(c.Contracts, k)
	}
	return &c
}
