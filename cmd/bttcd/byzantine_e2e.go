//go:build e2e_byzantine

package main

import (
	"bytes"
	"context"
	"os"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/bridge"
	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/core/address"
)

// The end-to-end tests build a binary with this tag to run a validator that
// misbehaves as BTTCD_E2E_BYZANTINE says, and watch the honest ones refuse
// it:
//
//	malformed-extension  its vote extensions are not extensions at all
//	fabricate-proposal   as proposer, it adds to every vote extension it
//	                     injects a deposit nobody observed, and breaks a
//	                     checkpoint signature
func init() {
	mode := os.Getenv("BTTCD_E2E_BYZANTINE")
	if mode == "" {
		return
	}
	wrapApp = func(app abci.Application) abci.Application { return &byzantine{Application: app, mode: mode} }
}

type byzantine struct {
	abci.Application
	mode string
}

func (b *byzantine) ExtendVote(ctx context.Context, req *abci.RequestExtendVote) (*abci.ResponseExtendVote, error) {
	if b.mode != "malformed-extension" {
		return b.Application.ExtendVote(ctx, req)
	}
	return &abci.ResponseExtendVote{VoteExtension: []byte("\xc3not an extension")}, nil
}

func (b *byzantine) PrepareProposal(ctx context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	resp, err := b.Application.PrepareProposal(ctx, req)
	if err != nil || b.mode != "fabricate-proposal" || len(resp.Txs) == 0 || !chain.IsInjected(resp.Txs[0]) {
		return resp, err
	}
	if forged, ok := fabricate(resp.Txs[0]); ok {
		resp.Txs[0] = forged
	}
	return resp, nil
}

// The injected transaction's layout, as chain writes it.
var injectedMarker = []byte("\x00bttc/vote-extensions\x00")

type injectedVote struct {
	Address   []byte
	Power     uint64
	Flag      uint32
	Extension []byte
	Signature []byte
}

type injectedCommit struct {
	Round uint32
	Votes []injectedVote
}

type extensionEntry struct {
	Name    string
	Payload []byte
}

// fabricate adds a deposit of a million BTT that no root chain saw to each
// vote's bridge extension, and flips a byte of each checkpoint signature.
func fabricate(injected []byte) ([]byte, bool) {
	var ic injectedCommit
	if !bytes.HasPrefix(injected, injectedMarker) || rlp.DecodeBytes(injected[len(injectedMarker):], &ic) != nil {
		return nil, false
	}
	for i, v := range ic.Votes {
		var entries []extensionEntry
		if rlp.DecodeBytes(v.Extension, &entries) != nil {
			continue
		}
		for j, e := range entries {
			if e.Name != "bridge" {
				continue
			}
			ext, err := bridge.DecodeExtension(e.Payload, bridge.DefaultParams())
			if err != nil {
				continue
			}
			for k := range ext.Signatures {
				if len(ext.Signatures[k].Signature) > 0 {
					ext.Signatures[k].Signature[0] ^= 0xff
				}
			}
			million, _ := uint256.FromDecimal("1000000000000000000000000")
			ext.Deposits = append(ext.Deposits, bridge.Observation{Chain: "ethereum", Nonce: 1 << 30,
				Depositor: address.Address{0xfa}, Recipient: address.Address{0xfa}, Amount: million})
			if entries[j].Payload, err = ext.Encode(); err != nil {
				return nil, false
			}
		}
		raw, err := rlp.EncodeToBytes(entries)
		if err != nil {
			return nil, false
		}
		ic.Votes[i].Extension = raw
	}
	raw, err := rlp.EncodeToBytes(&ic)
	if err != nil {
		return nil, false
	}
	return append(append([]byte{}, injectedMarker...), raw...), true
}
