package governance_test

import (
	"encoding/json"
	"testing"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
)

// FuzzDecode feeds arbitrary bytes to every decoder of the module: its
// transaction messages and its proposal contents. Whatever decodes must
// re-encode to something that decodes the same and prints as JSON.
func FuzzDecode(f *testing.F) {
	msgs := tx.NewCodec()
	for _, k := range governance.Kinds() {
		msgs.Register(k)
	}
	contents := governance.ContentCodec(nil)
	seeds := []tx.Msg{
		&governance.MsgSubmitProposal{Title: "t", InitialDeposit: btt.FromBTT(1)},
		&governance.MsgDeposit{ProposalID: 1, Amount: btt.FromBTT(1)},
		vote(1, governance.Yes),
		&governance.MsgCancelProposal{ProposalID: 1},
		paramChange("staking", "max_validators", 5),
		&governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: "v2", Height: 9}},
		&governance.MsgCancelUpgrade{},
		&governance.MsgCommunityPoolSpend{Recipient: addr(1), Amount: btt.FromBTT(1)},
	}
	for _, m := range seeds {
		raw, err := tx.EncodeMsg(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw.Kind, raw.Data)
	}
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		for _, c := range []*tx.Codec{msgs, contents} {
			m, err := c.Decode(tx.RawMsg{Kind: kind, Data: data})
			if err != nil {
				continue
			}
			again, err := tx.EncodeMsg(m)
			if err != nil {
				t.Fatalf("%s decoded but does not encode: %v", kind, err)
			}
			if _, err := c.Decode(again); err != nil {
				t.Fatalf("%s re-encoded does not decode: %v", kind, err)
			}
			if _, err := json.Marshal(m); err != nil {
				t.Fatalf("%s does not print: %v", kind, err)
			}
		}
	})
}
