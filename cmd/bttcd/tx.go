package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/rlp"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/cli"
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
	flagFeeCap       = "fee-cap"
	defaultNode      = "tcp://127.0.0.1:26657"
	// defaultFeeCap is far above any ordinary fee (a transfer costs about
	// 0.00006btt at the default price) and far below a costly mistake.
	defaultFeeCap = "100btt"
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
	c.Flags().String(flagGas, "auto", `gas limit, or "auto" to simulate and add 30% (unused gas is refunded)`)
	c.Flags().String(flagGasPrice, node.DefaultMinimumGasPrice, "price per gas, with a unit")
	c.Flags().String(flagFees, "", "total fee instead of --gas-price, e.g. 0.01btt (needs a numeric --gas)")
	c.Flags().String(flagFeeCap, defaultFeeCap, "refuse to sign a transaction whose fee could exceed this")
	c.Flags().BoolP(flagYes, "y", false, "broadcast without asking")
	c.Flags().Bool(flagGenerateOnly, false, "print the unsigned transaction instead of signing it")
	c.Flags().Uint64(flagNonce, 0, "sender nonce (default: asked from the node)")
	c.Flags().String(flagMemo, "", "a note stored with the transaction (max 256 bytes)")
}

func newTxCmd() *cobra.Command {
	c := &cobra.Command{Use: "tx", Short: "Build, sign and broadcast transactions"}
	bankCmd := &cobra.Command{Use: "bank", Short: "Send BTT"}
	bankCmd.AddCommand(newSendCmd(), newMultiSendCmd())
	c.AddCommand(bankCmd, newTxStakingCmd(), newTxGovCmd(), newTxBridgeCmd(), newTxSpeedCmd(), newTxStorageCmd(), newSignCmd(), newBroadcastCmd())
	return c
}

func newSendCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "send TO AMOUNT --from KEY",
		Short:   "Send BTT to an address (0x… or T…)",
		Example: "  bttcd tx bank send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 12.5btt --from alice",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 3 && (strings.EqualFold(args[2], btt.UnitBTT) || strings.EqualFold(args[2], btt.UnitWei)) {
				return cli.Usage(c, fmt.Errorf("write the amount and its unit together: %s%s", args[1], strings.ToLower(args[2])))
			}
			return cli.ExactArgs(2, "TO AMOUNT")(c, args)
		},
		RunE: func(c *cobra.Command, args []string) error {
			to, err := address.Parse(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			amount, err := btt.Parse(args[1])
			if err != nil {
				return cli.Usage(c, err)
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
				return cli.Usage(c, errors.New("want at least one TO=AMOUNT"))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			m := &bank.MsgMultiSend{}
			for _, a := range args {
				toText, amountText, ok := cutLast(a, "=")
				if !ok {
					return cli.Usage(c, fmt.Errorf("%q: want TO=AMOUNT", a))
				}
				to, err := address.Parse(toText)
				if err != nil {
					return cli.Usage(c, err)
				}
				amount, err := btt.Parse(amountText)
				if err != nil {
					return cli.Usage(c, err)
				}
				m.Outputs = append(m.Outputs, bank.Output{To: to, Amount: amount})
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

// txOptions reads the transaction flags into Sender options, checking
// every value before anything talks to the node.
func txOptions(c *cobra.Command) (rpcclient.TxOptions, *viper.Viper, error) {
	var o rpcclient.TxOptions
	v, err := newViper(c.Flags())
	if err != nil {
		return o, nil, err
	}
	bad := func(err error) (rpcclient.TxOptions, *viper.Viper, error) {
		return o, nil, cli.Usage(c, err)
	}
	o.Memo = v.GetString(flagMemo)
	if o.GasPrice, err = btt.Parse(v.GetString(flagGasPrice)); err != nil {
		return bad(fmt.Errorf("--gas-price: %w", err))
	}
	if o.FeeCap, err = btt.Parse(v.GetString(flagFeeCap)); err != nil {
		return bad(fmt.Errorf("--fee-cap: %w", err))
	}
	if g := v.GetString(flagGas); g != "auto" {
		if _, err := fmt.Sscan(g, &o.GasLimit); err != nil || o.GasLimit == 0 || fmt.Sprint(o.GasLimit) != g {
			return bad(fmt.Errorf("--gas %q: want a positive number or auto", g))
		}
	}
	if f := v.GetString(flagFees); f != "" {
		if o.Fees, err = btt.Parse(f); err != nil {
			return bad(fmt.Errorf("--fees: %w", err))
		}
		if o.GasLimit == 0 {
			return bad(errors.New("--fees needs a numeric --gas"))
		}
	}
	if v.IsSet(flagNonce) { // a flag given, or BTTCD_NONCE
		n := v.GetUint64(flagNonce)
		o.Nonce = &n
	}
	return o, v, nil
}

// runTx validates, builds, signs, confirms, broadcasts and waits for one
// transaction of msgs.
func runTx(c *cobra.Command, msgs ...tx.Msg) error {
	_, err := sendTx(c, msgs...)
	return err
}

// sendTx is runTx, returning the committed result (nil with
// --generate-only) for commands that report on its events.
func sendTx(c *cobra.Command, msgs ...tx.Msg) (*rpcclient.Committed, error) {
	for i, m := range msgs {
		if err := m.Validate(); err != nil {
			if len(msgs) == 1 {
				return nil, cli.Usage(c, err)
			}
			return nil, cli.Usage(c, fmt.Errorf("message %d: %w", i, err))
		}
	}
	o, v, err := txOptions(c)
	if err != nil {
		return nil, err
	}
	from := v.GetString(flagFrom)
	if from == "" {
		return nil, cli.Usage(c, errors.New("--from is required"))
	}
	generateOnly := v.GetBool(flagGenerateOnly)
	if generateOnly && o.GasLimit == 0 {
		return nil, cli.Usage(c, errors.New("--generate-only needs a numeric --gas (simulation needs a signature)"))
	}
	kr, err := openKeyring(c)
	if err != nil {
		return nil, err
	}
	client, err := rpcclient.Dial(v.GetString(flagNode))
	if err != nil {
		return nil, err
	}
	s := &rpcclient.Sender{Client: client, ChainID: v.GetString(flagChainID)}
	if info, err := kr.Show(from); err == nil {
		s.From = info.Address
	} else if a, perr := address.Parse(from); perr == nil && generateOnly {
		s.From = a
	} else {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
	defer cancel()
	if generateOnly {
		body, err := s.Build(ctx, o, msgs...)
		if err != nil {
			return nil, err
		}
		enc, err := rlp.EncodeToBytes(&body)
		if err != nil {
			return nil, err
		}
		return nil, writeJSON(c.OutOrStdout(), unsignedFile{Body: "0x" + hex.EncodeToString(enc), Summary: describe(&body, s.From)})
	}
	_, key, err := unlock(c, kr, from)
	if err != nil {
		return nil, err
	}
	s.Signer = tx.KeySigner{Key: key}
	body, err := s.Build(ctx, o, msgs...)
	if errors.Is(err, rpcclient.ErrFeeAboveCap) {
		return nil, fmt.Errorf("%w (raise --fee-cap to pay it)", err)
	}
	if err != nil {
		return nil, err
	}
	_, raw, err := s.Sign(body)
	if err != nil {
		return nil, err
	}
	if !v.GetBool(flagYes) {
		fmt.Fprintln(c.ErrOrStderr(), strings.Join(describe(&body, s.From), "\n"))
		ok, err := confirm("Broadcast this transaction?")
		if errors.Is(err, errNoTerminal) {
			return nil, errors.New("no terminal to confirm the transaction: pass -y")
		}
		if err != nil || !ok {
			return nil, errors.New("not broadcast")
		}
	}
	return broadcastAndWait(c, ctx, client, raw)
}

func broadcastAndWait(c *cobra.Command, ctx context.Context, client *rpcclient.Client, raw []byte) (*rpcclient.Committed, error) {
	res, err := client.BroadcastAndWait(ctx, raw)
	if err != nil {
		return nil, err
	}
	if err := printOut(c, res, func(w io.Writer) {
		status := "succeeded"
		if res.Failed() {
			status = fmt.Sprintf("FAILED (%s %d): %s", res.Codespace, res.Code, res.Log)
		}
		fmt.Fprintf(w, "transaction %s\n  height:  %d\n  gas:     %d used of %d (the rest refunded)\n  result:  %s\n", res.Hash, res.Height, res.GasUsed, res.GasWanted, status)
	}); err != nil {
		return nil, err
	}
	if res.Failed() {
		return res, fmt.Errorf("transaction %s was included at height %d but failed: %s", res.Hash, res.Height, res.Log)
	}
	return res, nil
}

// describe prints a body for people to check before signing.
func describe(b *tx.Body, sender address.Address) []string {
	lines := []string{
		fmt.Sprintf("chain %s, from %s, nonce %d", b.ChainID, sender, b.Nonce),
		fmt.Sprintf("gas limit %d at %s per gas: at most %s in fees, unused gas refunded", b.GasLimit, btt.FormatWei(b.GasPrice), btt.Format(b.Fee())),
	}
	if b.Memo != "" {
		lines = append(lines, fmt.Sprintf("memo %q", b.Memo))
	}
	c := chain.NewCodec()
	for _, raw := range b.Msgs {
		m, err := c.Decode(raw)
		if err != nil {
			lines = append(lines, fmt.Sprintf("%s (%v)", raw.Kind, err))
			continue
		}
		lines = append(lines, tx.Describe(m))
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
		Args: cli.ExactArgs(1, "FILE"),
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
				return cli.Usage(c, errors.New("--from is required"))
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
		Args:  cli.ExactArgs(1, "FILE"),
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
			client, err := dialNode(c)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
			defer cancel()
			_, err = broadcastAndWait(c, ctx, client, raw)
			return err
		},
	}
	addNodeFlag(c)
	addOutputFlag(c)
	return c
}
