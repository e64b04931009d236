package governance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
)

// The text forms people write proposals and votes in, for the CLI and any
// other front end.

// ProposalFile is the JSON a proposal is written in for `bttcd tx gov
// submit-proposal`; contents have the shape `query gov proposal` prints.
type ProposalFile struct {
	Title     string        `json:"title"`
	Summary   string        `json:"summary"`
	Metadata  string        `json:"metadata"`
	Deposit   string        `json:"deposit"`
	Expedited bool          `json:"expedited"`
	Contents  []ContentView `json:"contents"`
}

// Msg builds the submission of contents, each validated, with the
// file's title, texts and deposit.
func (p ProposalFile) Msg(contents []tx.Msg) (*MsgSubmitProposal, error) {
	if p.Title == "" {
		return nil, fmt.Errorf("a title is required (--title)")
	}
	if p.Deposit == "" {
		return nil, fmt.Errorf("a deposit is required (--deposit, e.g. 250000000btt)")
	}
	deposit, err := btt.Parse(p.Deposit)
	if err != nil {
		return nil, fmt.Errorf("deposit: %w", err)
	}
	m := &MsgSubmitProposal{Title: p.Title, Summary: p.Summary, Metadata: p.Metadata, InitialDeposit: deposit, Expedited: p.Expedited}
	for i, c := range contents {
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("content %d: %w", i, err)
		}
		raw, err := tx.EncodeMsg(c)
		if err != nil {
			return nil, err
		}
		m.Contents = append(m.Contents, raw)
	}
	return m, nil
}

// DecodeProposalFile reads a proposal file strictly (an unknown field is
// an error, not a silent default) into the submission it describes.
// Contents are governance's own kinds and extra, the kinds other modules
// own.
func DecodeProposalFile(raw []byte, extra []ContentKind) (*MsgSubmitProposal, error) {
	var p ProposalFile
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return nil, err
	}
	contents := make([]tx.Msg, len(p.Contents))
	for i, cv := range p.Contents {
		m, ok := NewContent(cv.Kind)
		for _, k := range extra {
			if !ok && k.Name == cv.Kind {
				m, ok = k.New(), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("contents[%d]: unknown kind %q", i, cv.Kind)
		}
		body := cv.Content
		if len(body) == 0 {
			body = []byte("{}")
		}
		d := json.NewDecoder(bytes.NewReader(body))
		d.DisallowUnknownFields()
		if err := d.Decode(m); err != nil {
			return nil, fmt.Errorf("contents[%d] (%s): %w", i, cv.Kind, err)
		}
		contents[i] = m
	}
	return p.Msg(contents)
}

// ParseParamChanges reads MODULE.KEY=VALUE arguments. A VALUE that is not
// JSON is taken as a string, so that 72h and 0.4 need no quotes.
func ParseParamChanges(args []string) (*MsgParamChange, error) {
	m := &MsgParamChange{}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		module, key, dotted := strings.Cut(name, ".")
		if !ok || !dotted || module == "" || key == "" {
			return nil, fmt.Errorf("%q: want MODULE.KEY=VALUE, e.g. staking.max_validators=150", a)
		}
		raw := json.RawMessage(value)
		if !json.Valid(raw) {
			raw, _ = json.Marshal(value)
		}
		m.Changes = append(m.Changes, ParamChange{Module: module, Key: key, Value: raw})
	}
	return m, nil
}

// ParseWeightedOptions reads "yes=0.6,no=0.4".
func ParseWeightedOptions(text string) ([]WeightedOption, error) {
	var opts []WeightedOption
	for _, part := range strings.Split(text, ",") {
		name, weight, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want OPTION=WEIGHT, e.g. yes=0.6", part)
		}
		o, err := ParseOption(name)
		if err != nil {
			return nil, err
		}
		w, err := dec.Parse(weight)
		if err != nil {
			return nil, fmt.Errorf("weight of %s: %w", name, err)
		}
		opts = append(opts, WeightedOption{Option: o, Weight: w})
	}
	return opts, nil
}
