package chain

import (
	"testing"

	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
)

// Every message a user can sign, and every proposal content, has a line
// for people: the CLI shows it before asking to sign.
func TestEveryMessageDescribesItself(t *testing.T) {
	var kinds []tx.MsgKind
	for _, m := range modules {
		kinds = append(kinds, m.kinds()...)
	}
	codec := governance.ContentCodec(nil)
	for _, name := range codec.Kinds() {
		c, _ := governance.NewContent(name)
		kinds = append(kinds, tx.MsgKind{Name: name, New: func() tx.Msg { return c }})
	}
	if len(kinds) < 10 {
		t.Fatalf("only %d kinds found", len(kinds))
	}
	for _, k := range kinds {
		if _, ok := k.New().(tx.Describer); !ok {
			t.Errorf("%s has no Describe", k.Name)
		}
	}
}
