package genesis

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
)

func sampleDoc(t *testing.T) []byte {
	t.Helper()
	app := DefaultAppState()
	app.Bank.Accounts = []bank.GenesisAccount{{Address: address.Address{1}, Balance: "100btt"}}
	pub := ed25519.GenPrivKey().PubKey()
	if err := AddValidator(&app, address.Address{2}, pub.Bytes(), "v", btt.FromBTT(10)); err != nil {
		t.Fatal(err)
	}
	doc, err := New(Options{
		ChainID:     "bttc-test",
		GenesisTime: time.Unix(1_700_000_000, 0).UTC(),
		AppState:    app,
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestParseRoundTrip(t *testing.T) {
	doc, app, err := Parse("genesis.json", sampleDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ConsensusParams.ABCI.VoteExtensionsEnableHeight != 1 {
		t.Fatalf("vote extensions enabled at %d, want 1", doc.ConsensusParams.ABCI.VoteExtensionsEnableHeight)
	}
	if len(app.Bank.Accounts) != 2 || app.Bank.Accounts[0].Balance != "100btt" || app.Bank.Accounts[1].Balance != "10000000000000000000wei" {
		t.Fatalf("app state %+v", app.Bank)
	}
}

func TestParseErrorsNameTheProblem(t *testing.T) {
	good := string(sampleDoc(t))
	tests := []struct {
		name, doc, want string
	}{
		{"truncated", good[:len(good)/2], "truncated"},
		{"not json", "hello", "genesis.json"},
		{"bad balance", strings.Replace(good, `"100btt"`, `"100"`, 1), "app_state.bank.accounts[0].balance"},
		{"wrong type", strings.Replace(good, `"max_block_gas": 500000000`, `"max_block_gas": "lots"`, 1), "tx.max_block_gas"},
		{"unknown field", strings.Replace(good, `"tx": {`, `"tx": {"max_block_gaz": 1, `, 1), "max_block_gaz"},
		{"tiny block gas", strings.Replace(good, `"max_block_gas": 500000000`, `"max_block_gas": 1`, 1), "app_state.tx"},
		{"bad commission", strings.Replace(good, `"rate": "0.1"`, `"rate": "0.5"`, 1), "app_state.staking.validators[0]: invalid commission"},
		{"short cons key", strings.Replace(good, `"cons_pub_key": "`, `"cons_pub_key": "AAAA`, 1), "validators[0]"},
		{"unknown top-level field", strings.Replace(good, `"chain_id":`, `"chain_idd": "x", "chain_id":`, 1), `unknown field "chain_idd"`},
		{"huge initial height", strings.Replace(good, `"initial_height": "1"`, `"initial_height": "9223372036854775807"`, 1), "initial_height"},
		{"negative initial height", strings.Replace(good, `"initial_height": "1"`, `"initial_height": "-3"`, 1), "initial_height"},
		{"no genesis time", regexp.MustCompile(`"genesis_time": "[^"]*",`).ReplaceAllString(good, ""), "genesis_time is missing"},
		{"bad quorum", strings.Replace(good, `"quorum": "0.334"`, `"quorum": "1.5"`, 1), "app_state.governance.params: invalid governance parameters: quorum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == good {
				t.Fatal("the case leaves the document as it was")
			}
			_, _, err := Parse("genesis.json", []byte(tt.doc))
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want ErrInvalid naming %q", err, tt.want)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Fatalf("error spans several lines: %q", err)
			}
		})
	}
}

func TestAppStateNeedsAValidator(t *testing.T) {
	raw, err := json.Marshal(DefaultAppState())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeAppState(raw); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "app_state.staking.validators is empty") {
		t.Fatalf("DecodeAppState without validators = %v", err)
	}
}

func FuzzDecodeAppState(f *testing.F) {
	f.Add([]byte(`{"tx":{"max_block_gas":500000000},"bank":{"params":{"send_enabled":true},"accounts":[{"address":"0x0100000000000000000000000000000000000000","balance":"1btt"}]}}`))
	f.Add([]byte(`{}`))
	if raw, err := json.Marshal(AppState{Export: sampleExport()}); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		app, err := DecodeAppState(raw)
		if err != nil {
			return
		}
		// A valid app state survives a write and a read unchanged.
		out, err := json.Marshal(app)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeAppState(out)
		if err != nil {
			t.Fatalf("an app state that decoded does not decode after a write: %v\n%s", err, out)
		}
		out2, err := json.Marshal(again)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("the app state changed in a round trip:\n%s\n%s", out, out2)
		}
	})
}
