package storage

import (
	"fmt"

	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/storage/deal"
)

// Kinds lists the module's messages for the codec; they are declared in
// deal, where clients build them.
func Kinds() []tx.MsgKind { return deal.Kinds() }

// Handle routes a message to its transition.
func (s Store) Handle(env tx.Env, m tx.Msg) ([]tx.Event, error) {
	switch m := m.(type) {
	case *deal.MsgPropose:
		return s.Propose(env, m)
	case *deal.MsgAccept:
		return s.Accept(env, m)
	case *deal.MsgCancel:
		return s.Cancel(env, m)
	case *deal.MsgRenew:
		return s.Renew(env, m)
	case *deal.MsgProve:
		return s.Prove(env, m)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
