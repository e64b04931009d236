package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cometbft/cometbft/types"
	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/bank"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/internal/keyring"
)

func newQueryCmd() *cobra.Command {
	c := &cobra.Command{Use: "query", Aliases: []string{"q"}, Short: "Read chain state from a node"}
	c.AddCommand(newQueryAccountCmd("account", "Show an account's balance and nonce"),
		newQueryAccountCmd("balance", "Show an account's balance"),
		newQuerySupplyCmd(), newQueryParamsCmd(), newQueryTxCmd(), newQueryBlockCmd(), newQueryStakingCmd(), newQueryGovCmd(), newQueryBridgeCmd(), newQuerySpeedCmd(), newQueryStorageCmd())
	return c
}

func addQueryFlags(c *cobra.Command) {
	addNodeFlag(c)
	addOutputFlag(c)
}

// withHeight adds --height to a query of application state.
func withHeight(c *cobra.Command) *cobra.Command {
	c.Flags().Int64("height", 0, "read state as of this height (0: the latest)")
	return c
}

// asker asks the node something and returns the answer and its text form.
type asker func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error)

// queryCmd builds a command that asks the node and prints the answer as
// text or, with -o json, as JSON.
func queryCmd(use, short string, args cobra.PositionalArgs, ask asker) *cobra.Command {
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  args,
		RunE: func(c *cobra.Command, args []string) error {
			client, ctx, cancel, err := queryClient(c)
			if err != nil {
				return err
			}
			defer cancel()
			v, text, err := ask(c, ctx, client, args)
			if err != nil {
				return err
			}
			return printOut(c, v, text)
		},
	}
	addQueryFlags(c)
	return c
}

// dialNode connects to the --node RPC.
func dialNode(c *cobra.Command) (*rpcclient.Client, error) {
	v, err := newViper(c.Flags())
	if err != nil {
		return nil, err
	}
	return rpcclient.Dial(v.GetString(flagNode))
}

func queryClient(c *cobra.Command) (*rpcclient.Client, context.Context, context.CancelFunc, error) {
	client, err := dialNode(c)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(c.Context(), 20*time.Second)
	return client, ctx, cancel, nil
}

// resolveAddress accepts an address in either form or the name of a key
// in the home's file keyring.
func resolveAddress(c *cobra.Command, text string) (address.Address, error) {
	a, err := address.Parse(text)
	if err == nil {
		return a, nil
	}
	for _, backend := range []string{keyring.BackendFile, keyring.BackendTest} {
		dir := keystoreDir
		if backend == keyring.BackendTest {
			dir = keystoreTestDir
		}
		if kr, kerr := keyring.Open(homeOf(c)+"/"+dir, backend); kerr == nil {
			if info, kerr := kr.Show(text); kerr == nil {
				return info.Address, nil
			}
		}
	}
	return address.Address{}, cli.Usage(c, fmt.Errorf("%w (nor the name of a key in %s)", err, homeOf(c)))
}

func newQueryAccountCmd(use, short string) *cobra.Command {
	return withHeight(queryCmd(use+" ADDRESS|KEY", short, cli.ExactArgs(1, "ADDRESS|KEY"),
		func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error) {
			a, err := resolveAddress(c, args[0])
			if err != nil {
				return nil, nil, err
			}
			height, _ := c.Flags().GetInt64("height")
			acc, err := client.Account(ctx, a, height)
			if err != nil {
				return nil, nil, err
			}
			return acc, func(w io.Writer) {
				if use == "balance" {
					fmt.Fprintln(w, acc.Balance)
					return
				}
				fmt.Fprintf(w, "address: %s\ntron:    %s\nbalance: %s\nnonce:   %d\n", acc.Address.Hex(), acc.Address.Tron(), acc.Balance, acc.Nonce)
			}, nil
		}))
}

func newQuerySupplyCmd() *cobra.Command {
	return withHeight(queryCmd("supply", "Show the total supply of BTT", cli.ExactArgs(0, "none"),
		func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, _ []string) (any, func(io.Writer), error) {
			height, _ := c.Flags().GetInt64("height")
			s, err := client.Supply(ctx, height)
			if err != nil {
				return nil, nil, err
			}
			return s, func(w io.Writer) { fmt.Fprintln(w, s.Supply) }, nil
		}))
}

func newQueryParamsCmd() *cobra.Command {
	return queryCmd("params", "Show the chain id and the transaction and bank parameters", cli.ExactArgs(0, "none"),
		func(_ *cobra.Command, ctx context.Context, client *rpcclient.Client, _ []string) (any, func(io.Writer), error) {
			p, err := client.Params(ctx)
			if err != nil {
				return nil, nil, err
			}
			var bp bank.Params
			if err := json.Unmarshal(p.Bank, &bp); err != nil {
				return nil, nil, fmt.Errorf("the node's bank parameters: %w", err)
			}
			return p, func(w io.Writer) {
				fmt.Fprintf(w, "chain id:      %s\nmax block gas: %d\nsend enabled:  %v\nblocked:       %d addresses\n", p.ChainID, p.Tx.MaxBlockGas, bp.SendEnabled, len(bp.BlockedAddresses))
			}, nil
		})
}

func newQueryTxCmd() *cobra.Command {
	return queryCmd("tx HASH", "Show a committed transaction's result and events", cli.ExactArgs(1, "HASH"),
		func(_ *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error) {
			res, err := client.Tx(ctx, args[0])
			if err != nil {
				return nil, nil, err
			}
			return res, func(w io.Writer) {
				r := res.TxResult
				fmt.Fprintf(w, "hash:   %s\nheight: %d\ncode:   %d %s\ngas:    %d used of %d\n", res.Hash, res.Height, r.Code, r.Codespace, r.GasUsed, r.GasWanted)
				if r.Log != "" {
					fmt.Fprintf(w, "log:    %s\n", r.Log)
				}
				for _, e := range r.Events {
					fmt.Fprintf(w, "event %s:", e.Type)
					for _, a := range e.Attributes {
						fmt.Fprintf(w, " %s=%s", a.Key, attrText(a.Key, a.Value))
					}
					fmt.Fprintln(w)
				}
			}, nil
		})
}

func newQueryBlockCmd() *cobra.Command {
	maxOne := func(c *cobra.Command, args []string) error {
		if len(args) > 1 {
			return cli.Usage(c, fmt.Errorf("want at most one HEIGHT"))
		}
		return nil
	}
	return queryCmd("block [HEIGHT]", "Show a block (default: the latest)", maxOne,
		func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error) {
			var height int64
			if len(args) == 1 {
				h, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || h <= 0 {
					return nil, nil, cli.Usage(c, fmt.Errorf("height %q: want a positive number", args[0]))
				}
				height = h
			}
			b, err := client.Block(ctx, height)
			if err != nil {
				return nil, nil, err
			}
			txs, extensions := userTxs(b.Block.Txs)
			return b, func(w io.Writer) {
				h := b.Block.Header
				fmt.Fprintf(w, "height:           %d\nhash:             %s\ntime:             %s\nproposer:         %s\napp hash:         %s\ntransactions:     %d\n", h.Height, b.BlockID.Hash, formatTime(h.Time), h.ProposerAddress, h.AppHash, txs)
				if extensions {
					fmt.Fprintln(w, "vote extensions:  yes (the previous height's, carried as the block's first entry)")
				}
			}, nil
		})
}

// amountAttrs are the event attributes that hold amounts in wei.
var amountAttrs = map[string]bool{"amount": true, "burned": true, "community_pool": true}

// attrText shows an event attribute to people: amounts in btt, times in
// the CLI's one format.
func attrText(key, value string) string {
	if amountAttrs[key] {
		if v, err := uint256.FromDecimal(value); err == nil {
			return btt.Format(v)
		}
	}
	return scalar(key, value)
}

// userTxs counts a block's transactions, leaving out the vote extensions
// the proposer injects as the first entry.
func userTxs(txs types.Txs) (n int, extensions bool) {
	if len(txs) > 0 && chain.IsInjected(txs[0]) {
		return len(txs) - 1, true
	}
	return len(txs), false
}

// moduleQuery is how a module's client asks one of its query paths: the
// client's Gov, Bridge, ... method.
type moduleQuery func(client *rpcclient.Client, ctx context.Context, query string, height int64, out any) error

// moduleQueryCmd builds a command that asks a module's query: path turns
// the arguments into the query, out makes the answer's value, text prints
// it (printText when nil).
func moduleQueryCmd(ask moduleQuery, use, short string, nargs int, path func(c *cobra.Command, args []string) (string, error),
	out func() any, text func(io.Writer, any)) *cobra.Command {
	if text == nil {
		text = func(w io.Writer, v any) { _ = printText(w, v) }
	}
	fields := strings.Fields(use)[1:]
	return withHeight(queryCmd(use, short, cli.ExactArgs(nargs, strings.Join(fields, " ")),
		func(c *cobra.Command, ctx context.Context, client *rpcclient.Client, args []string) (any, func(io.Writer), error) {
			q, err := path(c, args)
			if err != nil {
				return nil, nil, err
			}
			height, _ := c.Flags().GetInt64("height")
			v := out()
			if err := ask(client, ctx, q, height, v); err != nil {
				return nil, nil, err
			}
			return v, func(w io.Writer) { text(w, v) }, nil
		}))
}

// listSide is one of the two flags a list query takes exactly one of:
// whose list it is (--payer or --payee, --renter or --host).
type listSide struct{ flag, usage string }

// listQueryCmd builds a paged list query: NAME/SIDE/ADDRESS/AFTER/LIMIT,
// from one of the two side flags, --after (checked by checkID) and --limit.
func listQueryCmd(ask moduleQuery, name, item string, sides [2]listSide, checkID func(string) error, out func() any, text func(io.Writer, any)) *cobra.Command {
	use := fmt.Sprintf("%s --%s|--%s ADDRESS|KEY", name, sides[0].flag, sides[1].flag)
	short := fmt.Sprintf("List a %s's or a %s's %ss, a page at a time", sides[0].flag, sides[1].flag, item)
	c := moduleQueryCmd(ask, use, short, 0, func(c *cobra.Command, _ []string) (string, error) {
		var side, who string
		for _, s := range sides {
			if v, _ := c.Flags().GetString(s.flag); v != "" {
				if who != "" {
					who = ""
					break
				}
				side, who = s.flag, v
			}
		}
		if who == "" {
			return "", cli.Usage(c, fmt.Errorf("give one of --%s and --%s", sides[0].flag, sides[1].flag))
		}
		a, err := resolveAddress(c, who)
		if err != nil {
			return "", err
		}
		after, _ := c.Flags().GetString("after")
		if after == "" {
			after = "-"
		} else if err := checkID(after); err != nil {
			return "", cli.Usage(c, fmt.Errorf("--after: %w", err))
		}
		limit, _ := c.Flags().GetInt("limit")
		if limit < 1 || limit > state.MaxPageSize {
			return "", cli.Usage(c, fmt.Errorf("--limit %d: want 1 to %d", limit, state.MaxPageSize))
		}
		return fmt.Sprintf("%s/%s/%s/%s/%d", name, side, a.Hex(), after, limit), nil
	}, out, text)
	for _, s := range sides {
		c.Flags().String(s.flag, "", s.usage)
	}
	c.Flags().String("after", "", fmt.Sprintf(`start after this %s id (the "next" of the previous page)`, item))
	c.Flags().Int("limit", state.DefaultPageSize, item+"s per page")
	return c
}

// printMore tells how to ask for the next page, if there is one.
func printMore(w io.Writer, next string) {
	if next != "" {
		fmt.Fprintf(w, "more: --after %s\n", next)
	}
}
