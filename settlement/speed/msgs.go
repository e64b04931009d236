package speed

import (
	"fmt"

	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

// Kinds lists the module's messages for the codec; they are declared in
// paych, where clients build them.
func Kinds() []tx.MsgKind { return paych.Kinds() }

// Handle routes a message to its transition.
func (s Store) Handle(env tx.Env, m tx.Msg) ([]tx.Event, error) {
	switch m := m.(type) {
	case *paych.MsgOpen:
		return s.Open(env, m)
	case *paych.MsgTopUp:
		return s.TopUp(env, m)
	case *paych.MsgRedeem:
		return s.Redeem(env, m)
	case *paych.MsgClose:
		return s.Close(env, m)
	case *paych.MsgCoopClose:
		return s.CoopClose(env, m)
	case *paych.MsgSettle:
		return s.Settle(env, m)
	}
	return nil, fmt.Errorf("%w %s", tx.ErrUnknownMsg, m.Kind())
}
