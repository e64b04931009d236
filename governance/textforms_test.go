package governance

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bttc-network/bttc/core/btt"
)

const sampleProposalFile = `{
  "title": "Raise the active set to 150",
  "summary": "Why.",
  "deposit": "250btt",
  "contents": [
    {"kind": "gov/param-change", "content": {"changes": [{"module": "staking", "key": "max_validators", "value": 150}]}},
    {"kind": "gov/cancel-upgrade"}
  ]
}`

func TestDecodeProposalFile(t *testing.T) {
	m, err := DecodeProposalFile([]byte(sampleProposalFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "Raise the active set to 150" || !m.InitialDeposit.Eq(btt.FromBTT(250)) || len(m.Contents) != 2 ||
		m.Contents[0].Kind != KindParamChange || m.Contents[1].Kind != KindCancelUpgrade {
		t.Fatalf("decoded %+v", m)
	}
	for _, tc := range []struct{ name, file, want string }{
		{"unknown field", strings.Replace(sampleProposalFile, `"summary"`, `"sumary"`, 1), "unknown field"},
		{"unknown kind", strings.Replace(sampleProposalFile, "gov/cancel-upgrade", "gov/launch-rocket", 1), `unknown kind "gov/launch-rocket"`},
		{"unknown content field", strings.Replace(sampleProposalFile, `"changes"`, `"chanegs"`, 1), "contents[0] (gov/param-change)"},
		{"no title", strings.Replace(sampleProposalFile, `"Raise the active set to 150"`, `""`, 1), "title is required"},
		{"bad deposit", strings.Replace(sampleProposalFile, `"250btt"`, `"250"`, 1), "deposit"},
		{"invalid content", strings.Replace(sampleProposalFile, `"max_validators"`, `""`, 1), "content 0"},
		{"not json", "title: x", "invalid character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodeProposalFile([]byte(tc.file), nil); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestParseTextForms(t *testing.T) {
	m, err := ParseParamChanges([]string{"staking.max_validators=150", "staking.unbonding_time=72h"})
	if err != nil || len(m.Changes) != 2 || string(m.Changes[0].Value) != "150" || string(m.Changes[1].Value) != `"72h"` {
		t.Fatalf("%+v %v", m, err)
	}
	for _, bad := range []string{"max_validators=1", "staking.=1", ".x=1", "staking.max_validators"} {
		if _, err := ParseParamChanges([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	opts, err := ParseWeightedOptions("yes=0.6,no=0.4")
	if err != nil || len(opts) != 2 || opts[0].Option != Yes || opts[1].Weight.String() != "0.4" {
		t.Fatalf("%+v %v", opts, err)
	}
	for _, bad := range []string{"yes", "maybe=1", "yes=lots"} {
		if _, err := ParseWeightedOptions(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzDecodeProposalFile: no input panics, and whatever decodes is a valid
// submission whose contents decode again.
func FuzzDecodeProposalFile(f *testing.F) {
	f.Add([]byte(sampleProposalFile))
	f.Add([]byte(`{"title":"t","deposit":"1btt"}`))
	f.Add([]byte(`{"title":"t","deposit":"1btt","contents":[{"kind":"gov/community-pool-spend","content":{"recipient":"0x0000000000000000000000000000000000000001","amount":"1btt"}}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := DecodeProposalFile(raw, nil)
		if err != nil {
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("decoded an invalid submission: %v", err)
		}
		for i, c := range m.Contents {
			if _, err := ContentCodec(nil).Decode(c); err != nil {
				t.Fatalf("content %d does not decode again: %v", i, err)
			}
		}
		if _, err := json.Marshal(m.Describe()); err != nil {
			t.Fatal(err)
		}
	})
}
