package bank

import (
	"fmt"
	"strings"

	"github.com/bttc-network/bttc/core/btt"
)

// Describe says "send 5btt to 0x…".
func (m *MsgSend) Describe() string {
	return fmt.Sprintf("send %s to %s", btt.Format(m.Amount), m.To)
}

// Describe lists every payment of the multi-send.
func (m *MsgMultiSend) Describe() string {
	total, _ := m.Total()
	parts := make([]string, len(m.Outputs))
	for i, o := range m.Outputs {
		parts[i] = fmt.Sprintf("%s to %s", btt.Format(o.Amount), o.To)
	}
	return fmt.Sprintf("send %s in all: %s", btt.Format(total), strings.Join(parts, ", "))
}
