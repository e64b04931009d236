package tx

import (
	"time"

	"github.com/bttc-network/bttc/core/address"
)

// Env is what a message handler may know of the world: the block it runs
// in and who signed. It holds block time, never wall-clock time.
type Env struct {
	ChainID string
	Height  int64
	Time    time.Time
	Sender  address.Address
}

// Event is something a handler reports; chain turns it into an ABCI event
// that clients can subscribe to and search.
type Event struct {
	Type       string
	Attributes []Attribute
}

// Attribute is one key and value of an event.
type Attribute struct {
	Key, Value string
}

// NewEvent builds an event from alternating keys and values.
func NewEvent(typ string, kv ...string) Event {
	e := Event{Type: typ, Attributes: make([]Attribute, 0, len(kv)/2)}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Attributes = append(e.Attributes, Attribute{Key: kv[i], Value: kv[i+1]})
	}
	return e
}
