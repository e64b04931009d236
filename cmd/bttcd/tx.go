package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/node"
)

const (
	flagNode         = "node"
	flagFrom         = "from"
	flagChainID      = "chain-id"
	flagGas          = "gas"
	flagGasPrice     = "gas-price"
	flagFees         = "fees"
	flagYes          = "yes"
	flagGenerateOnly = "generate-only"
	flagNonce        = "nonce"
	flagMemo         = "memo"
	defaultNode      = "tcp://127.0.0.1:26657"
	gasAdjustment    = 1.3
)

func addNodeFlag(c *cobra.Command) {
	c.Flags().String(flagNode, defaultNode, "RPC address of a bttcd node (env BTTCD_NODE)")
}

func addTxFlags(c *cobra.Command) {
	addNodeFlag(c)
	addKeyringFlags(c)
	addOutputFlag(c)
	c.Flags().String(flagFrom, "", "name of the signing key (an address is enough with --generate-only)")
	c.Flags().String(flagChainID, "", "chain id (default: asked from the node)")
	c.Flags().String(flagGas, "auto", `gas limit, or "auto" to simulate and add 30%`)
	c.Flags().String(flagGasPrice, node.DefaultMinimumGasPrice, "price per gas, with a unit")
	c.Flags().String(flagFees, "", "total fee instead of --gas-price, e.g. 0.01btt (needs a numeric --gas)")
	c.Flags().BoolP(flagYes, "y", false, "broadcast without asking")
	c.Flags().Bool(flagGenerateOnly, false, "print the unsigned transaction instead of signing it")
	c.Flags().Int64(flagNonce, -1, "sender nonce (default: asked from the node)")
	c.Flags().String(flagMemo, "", "a note stored with the transaction (max 256 bytes)")
}

func newTxCmd() *cobra.Command {
	c := &cobra.Command{Use: "tx", Short: "Build, sign and broadcast transactions"}
	bankCmd := &cobra.Command{Use: "bank", Short: "Send BTT"}
	bankCmd.AddCommand(newSendCmd(), newMultiSendCmd())
	c.AddCommand(bankCmd, newTxStakingCmd(), newTxGovCmd(), newSignCmd(), newBroadcastCmd())
	return c
}

func newSendCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "send TO AMOUNT --from KEY",
		Short:   "Send BTT to an address (0x… or T…)",
		Example: "  bttcd tx bank send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 12.5btt --from alice",
		Args:    exactArgs(2, "TO AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			to, err := address.Parse(args[0])
			if err != nil {
				return usageError{cmd: c.CommandPath(), err: err}
			}
			amount, err := btt.Parse(args[1])
			if err != nil {
				return usageError{cmd: c.CommandPath(), err: err}
			}
			return runTx(c, &bank.MsgSend{To: to, Amount: amount})
		},
	}
	addTxFlags(c)
	return c
}

func newMultiSendCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "multi-send TO=AMOUNT... --from KEY",
		Short:   "Pay several addresses in one transaction, all or none",
		Example: "  bttcd tx bank multi-send 0x7099…79C8=1btt TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t=2.5btt --from alice",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{cmd: c.CommandPath(), err: errors.New("want at least one TO=AMOUNT")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			m := &bank.MsgMultiSend{}
			for _, a := range args {
				toText, amountText, ok := cutLast(a, "=")
				if !ok {
					return usageError{cmd: c.CommandPath(), err: fmt.Errorf("%q: want TO=AMOUNT", a)}
				}
				to, err := address.Parse(toText)
				if err != nil {
					return usageError{cmd: c.CommandPath(), err: err}
				}
				amount, err := btt.Parse(amountText)
				if err != nil {
					return usageError{cmd: c.CommandPath(), err: err}
				}
				m.Outputs = append(m.Outputs, bank.Output{To: to, Amount: amount})
			}
			if err := m.Validate(); err != nil {
				return usageError{cmd: c.CommandPath(), err: err}
			}
			return runTx(c, m)
		},
	}
	addTxFlags(c)
	return c
}

// unsignedFile is what --generate-only prints and `tx sign` reads.
type unsignedFile struct {
	Body    string   `json:"body"` // 0x-hex RLP of tx.Body
	Summary []string `json:"summary"`
}

// signedFile is what `tx sign` prints and `tx broadcast` reads.
type signedFile struct {
	Tx      string   `json:"tx"` // 0x-hex wire bytes
	Hash    string   `json:"hash"`
	Summary []string `json:"summary"`
}

// txSettings gathers what every transaction command needs.
type txSettings struct {
	client  *rpcclient.Client
	chainID string
	nonce   uint64
	gasText string
	price   *uint256.Int
	fees    *uint256.Int
	memo    string
}

func readTxSettings(c *cobra.Command, ctx context.Context, sender address.Address) (*txSettings, error) {
	v, err := newViper(c.Flags())
	if err != nil {
		return nil, err
	}
	s := &txSettings{gasText: v.GetString(flagGas), memo: v.GetString(flagMemo), chainID: v.GetString(flagChainID)}
	if s.price, err = btt.Parse(v.GetString(flagGasPrice)); err != nil {
		return nil, usageError{cmd: c.CommandPath(), err: fmt.Errorf("--gas-price: %w", err)}
	}
	if f := v.GetString(flagFees); f != "" {
		if s.fees, err = btt.Parse(f); err != nil {
			return nil, usageError{cmd: c.CommandPath(), err: fmt.Errorf("--fees: %w", err)}
		}
		if s.gasText == "auto" {
			return nil, usageError{cmd: c.CommandPath(), err: errors.New("--fees needs a numeric --gas")}
		}
	}
	if s.client, err = rpcclient.Dial(v.GetString(flagNode)); err != nil {
		return nil, err
	}
	if s.chainID == "" {
		p, err := s.client.Params(ctx)
		if err != nil {
			return nil, fmt.Errorf("asking the node for the chain id (or pass --chain-id): %w", err)
		}
		s.chainID = p.ChainID
	}
	if n := v.GetInt64(flagNonce); n >= 0 {
		s.nonce = uint64(n)
	} else {
		acc, err := s.client.Account(ctx, sender, 0)
		if err != nil {
			return nil, fmt.Errorf("asking the node for the nonce (or pass --nonce): %w", err)
		}
		s.nonce = acc.Nonce
	}
	return s, nil
}

// runTx builds, signs, confirms, broadcasts and waits for one transaction.
func runTx(c *cobra.Command, msgs ...tx.Msg) error {
	ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
	defer cancel()
	from, _ := c.Flags().GetString(flagFrom)
	if from == "" {
		return usageError{cmd: c.CommandPath(), err: errors.New("--from is required")}
	}
	generateOnly, _ := c.Flags().GetBool(flagGenerateOnly)
	kr, err := openKeyring(c)
	if err != nil {
		return err
	}
	var sender address.Address
	if info, err := kr.Show(from); err == nil {
		sender = info.Address
	} else if a, perr := address.Parse(from); perr == nil && generateOnly {
		sender = a
	} else {
		return err
	}
	s, err := readTxSettings(c, ctx, sender)
	if err != nil {
		return err
	}
	raws := make([]tx.RawMsg, len(msgs))
	for i, m := range msgs {
		if raws[i], err = tx.EncodeMsg(m); err != nil {
			return err
		}
	}
	body := tx.Body{ChainID: s.chainID, Nonce: s.nonce, GasPrice: s.price, Memo: s.memo, Msgs: raws}
	if generateOnly {
		if s.gasText == "auto" {
			return usageError{cmd: c.CommandPath(), err: errors.New("--generate-only needs a numeric --gas (simulation needs a signature)")}
		}
		if err := setGas(&body, s); err != nil {
			return usageError{cmd: c.CommandPath(), err: err}
		}
		enc, err := rlp.EncodeToBytes(&body)
		if err != nil {
			return err
		}
		return writeJSON(c.OutOrStdout(), unsignedFile{Body: "0x" + hex.EncodeToString(enc), Summary: describe(&body, sender)})
	}
	_, key, err := unlock(c, kr, from)
	if err != nil {
		return err
	}
	if s.gasText == "auto" {
		if body.GasLimit, err = estimateGas(ctx, s.client, body, key); err != nil {
			return err
		}
	} else if err := setGas(&body, s); err != nil {
		return usageError{cmd: c.CommandPath(), err: err}
	}
	signed, err := tx.Sign(body, tx.KeySigner{Key: key})
	if err != nil {
		return err
	}
	return confirmAndBroadcast(c, ctx, s.client, signed, sender)
}

func setGas(body *tx.Body, s *txSettings) error {
	var gas uint64
	if _, err := fmt.Sscan(s.gasText, &gas); err != nil || gas == 0 {
		return fmt.Errorf("--gas %q: want a positive number or auto", s.gasText)
	}
	body.GasLimit = gas
	if s.fees != nil {
		body.GasPrice = new(uint256.Int).Div(s.fees, uint256.NewInt(gas))
	}
	return nil
}

// estimateGas simulates the transaction with no fee and adds a margin.
func estimateGas(ctx context.Context, client *rpcclient.Client, body tx.Body, key *ecdsa.PrivateKey) (uint64, error) {
	probe := body
	probe.GasPrice = new(uint256.Int)
	probe.GasLimit = 50_000_000
	signed, err := tx.Sign(probe, tx.KeySigner{Key: key})
	if err != nil {
		return 0, err
	}
	raw, err := signed.Encode()
	if err != nil {
		return 0, err
	}
	sim, err := client.Simulate(ctx, raw)
	if err != nil {
		return 0, fmt.Errorf("estimating gas: %w", err)
	}
	if sim.Code != 0 {
		return 0, fmt.Errorf("the transaction would fail: %s", sim.Log)
	}
	return uint64(float64(sim.GasUsed) * gasAdjustment), nil
}

func confirmAndBroadcast(c *cobra.Command, ctx context.Context, client *rpcclient.Client, signed *tx.Tx, sender address.Address) error {
	raw, err := signed.Encode()
	if err != nil {
		return err
	}
	if yes, _ := c.Flags().GetBool(flagYes); !yes {
		fmt.Fprintln(c.ErrOrStderr(), strings.Join(describe(&signed.Body, sender), "\n"))
		ok, err := confirm("Broadcast this transaction?")
		if errors.Is(err, errNoTerminal) {
			return errors.New("no terminal to confirm the transaction: pass -y")
		}
		if err != nil || !ok {
			return errors.New("not broadcast")
		}
	}
	return broadcastAndWait(c, ctx, client, raw)
}

// txResultView is what tx commands print once the transaction is committed.
type txResultView struct {
	Hash      string `json:"hash"`
	Height    int64  `json:"height"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
	GasWanted int64  `json:"gas_wanted"`
	GasUsed   int64  `json:"gas_used"`
}

func broadcastAndWait(c *cobra.Command, ctx context.Context, client *rpcclient.Client, raw []byte) error {
	hash, err := client.Broadcast(ctx, raw)
	if err != nil {
		return err
	}
	res, err := client.WaitTx(ctx, hash, 200*time.Millisecond)
	if err != nil {
		return err
	}
	view := txResultView{Hash: hash, Height: res.Height, Code: res.TxResult.Code, Codespace: res.TxResult.Codespace,
		Log: res.TxResult.Log, GasWanted: res.TxResult.GasWanted, GasUsed: res.TxResult.GasUsed}
	if err := printOut(c, view, func(w io.Writer) {
		status := "succeeded"
		if view.Code != 0 {
			status = fmt.Sprintf("FAILED (%s %d): %s", view.Codespace, view.Code, view.Log)
		}
		fmt.Fprintf(w, "transaction %s\n  height:  %d\n  gas:     %d used of %d\n  result:  %s\n", hash, view.Height, view.GasUsed, view.GasWanted, status)
	}); err != nil {
		return err
	}
	if view.Code != 0 {
		return fmt.Errorf("transaction %s was included at height %d but failed: %s", hash, view.Height, view.Log)
	}
	return nil
}

// describe prints a body for people to check before signing.
func describe(b *tx.Body, sender address.Address) []string {
	lines := []string{
		fmt.Sprintf("chain %s, from %s, nonce %d", b.ChainID, sender, b.Nonce),
		fmt.Sprintf("gas limit %d at %s per gas: at most %s in fees", b.GasLimit, btt.FormatWei(b.GasPrice), btt.Format(b.Fee())),
	}
	if b.Memo != "" {
		lines = append(lines, fmt.Sprintf("memo %q", b.Memo))
	}
	c := chain.NewCodec()
	for _, raw := range b.Msgs {
		m, err := c.Decode(raw)
		switch m := m.(type) {
		case *bank.MsgSend:
			lines = append(lines, fmt.Sprintf("send %s to %s", btt.Format(m.Amount), m.To))
		case *bank.MsgMultiSend:
			for _, o := range m.Outputs {
				lines = append(lines, fmt.Sprintf("send %s to %s", btt.Format(o.Amount), o.To))
			}
		default:
			if err != nil {
				lines = append(lines, fmt.Sprintf("%s (%v)", raw.Kind, err))
				break
			}
			detail, _ := json.Marshal(m)
			lines = append(lines, fmt.Sprintf("%s %s", raw.Kind, detail))
		}
	}
	return lines
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func readJSONFile(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s is not a transaction file: %v", path, err)
	}
	return nil
}

func decodeHex(field, s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		return nil, fmt.Errorf("%s: not hex: %v", field, err)
	}
	return b, nil
}

func newSignCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sign FILE --from KEY",
		Short: "Sign a transaction made with --generate-only, offline",
		Long: `Sign an unsigned transaction file (from --generate-only) with a local key. It
needs no node: the chain id, nonce and gas are already in the file. The signed
transaction is printed; 'bttcd tx broadcast' sends it.`,
		Args: exactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			var in unsignedFile
			if err := readJSONFile(args[0], &in); err != nil {
				return err
			}
			raw, err := decodeHex("body", in.Body)
			if err != nil {
				return err
			}
			var body tx.Body
			if err := rlp.DecodeBytes(raw, &body); err != nil {
				return fmt.Errorf("%s: the body is not a transaction body: %v", args[0], err)
			}
			from, _ := c.Flags().GetString(flagFrom)
			if from == "" {
				return usageError{cmd: c.CommandPath(), err: errors.New("--from is required")}
			}
			kr, err := openKeyring(c)
			if err != nil {
				return err
			}
			info, key, err := unlock(c, kr, from)
			if err != nil {
				return err
			}
			signed, err := tx.Sign(body, tx.KeySigner{Key: key})
			if err != nil {
				return err
			}
			wire, err := signed.Encode()
			if err != nil {
				return err
			}
			h := tx.Hash(wire)
			return writeJSON(c.OutOrStdout(), signedFile{Tx: "0x" + hex.EncodeToString(wire), Hash: strings.ToUpper(hex.EncodeToString(h[:])), Summary: describe(&body, info.Address)})
		},
	}
	c.Flags().String(flagFrom, "", "name of the signing key")
	addKeyringFlags(c)
	return c
}

func newBroadcastCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "broadcast FILE",
		Short: "Broadcast a transaction signed with 'bttcd tx sign' and wait for it",
		Args:  exactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			var in signedFile
			if err := readJSONFile(args[0], &in); err != nil {
				return err
			}
			raw, err := decodeHex("tx", in.Tx)
			if err != nil {
				return err
			}
			if _, err := tx.Decode(raw); err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			v, err := newViper(c.Flags())
			if err != nil {
				return err
			}
			client, err := rpcclient.Dial(v.GetString(flagNode))
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
			defer cancel()
			return broadcastAndWait(c, ctx, client, raw)
		},
	}
	addNodeFlag(c)
	addOutputFlag(c)
	return c
}
