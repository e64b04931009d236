package tx

import (
	"fmt"
	"sort"

	"github.com/ethereum/go-ethereum/rlp"
)

// Msg is a typed message. Validate checks what can be checked without
// state (amounts non-zero, lists non-empty) and is pure.
type Msg interface {
	Kind() string
	Validate() error
}

// Scaled is a message whose fixed gas grows with what it carries, such as
// a batch of vouchers that each cost a signature recovery. Its ScaledGas
// is charged on top of its kind's Gas, before it runs.
type Scaled interface {
	ScaledGas() uint64
}

// Presigned is a message that carries signatures of its own, such as a
// batch of vouchers. The application has it recover them while it
// recovers the transaction's sender, in parallel across a block's
// transactions, so that the handler finds them done; its gas pays for
// them all the same.
type Presigned interface {
	RecoverSigners(chainID string)
}

// MsgKind describes one registered kind of message.
// Describer is a message that can say what it does in one line for
// people, amounts in btt, as wallets show it before signing: "send 5btt
// to 0x…". Every message of the chain implements it.
type Describer interface {
	Describe() string
}

// Describe is m's line, or its kind for a message that has none.
func Describe(m Msg) string {
	if d, ok := m.(Describer); ok {
		return d.Describe()
	}
	return m.Kind()
}

type MsgKind struct {
	// Name is the wire name, "module/action".
	Name string
	// Gas is the fixed gas of one message of this kind, on top of what
	// its store reads and writes cost.
	Gas uint64
	// New returns a pointer to a zero message to decode into.
	New func() Msg
}

// Codec maps message kinds to Go types. Modules register their kinds once,
// when the application is built.
type Codec struct {
	kinds map[string]MsgKind
}

// NewCodec returns an empty codec.
func NewCodec() *Codec { return &Codec{kinds: map[string]MsgKind{}} }

// Register adds a kind; registering one name twice is a programming error.
func (c *Codec) Register(k MsgKind) {
	if _, dup := c.kinds[k.Name]; dup {
		panic("tx: message kind registered twice: " + k.Name)
	}
	c.kinds[k.Name] = k
}

// Kinds lists the registered names in order.
func (c *Codec) Kinds() []string {
	names := make([]string, 0, len(c.kinds))
	for n := range c.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Gas returns the fixed gas of a kind.
func (c *Codec) Gas(kind string) uint64 { return c.kinds[kind].Gas }

// Decode turns a raw message into its typed form and validates it.
func (c *Codec) Decode(raw RawMsg) (Msg, error) {
	k, ok := c.kinds[raw.Kind]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownMsg, raw.Kind)
	}
	m := k.New()
	if err := rlp.DecodeBytes(raw.Data, m); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrMalformed, raw.Kind, err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrBadMsg, raw.Kind, err)
	}
	return m, nil
}

// DecodeAll decodes every message of a body.
func (c *Codec) DecodeAll(b *Body) ([]Msg, error) {
	msgs := make([]Msg, len(b.Msgs))
	for i, raw := range b.Msgs {
		m, err := c.Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		msgs[i] = m
	}
	return msgs, nil
}

// EncodeMsg wraps a typed message for a body.
func EncodeMsg(m Msg) (RawMsg, error) {
	data, err := rlp.EncodeToBytes(m)
	if err != nil {
		return RawMsg{}, fmt.Errorf("encode %s: %w", m.Kind(), err)
	}
	return RawMsg{Kind: m.Kind(), Data: data}, nil
}
