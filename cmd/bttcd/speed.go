package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/client/speedwatch"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

func newTxSpeedCmd() *cobra.Command {
	c := &cobra.Command{Use: "speed", Short: "Open, fund, redeem and close Speed payment channels"}
	idArg := func(c *cobra.Command, s string) (paych.ChannelID, error) {
		id, err := paych.ParseChannelID(s)
		if err != nil {
			return id, cli.Usage(c, err)
		}
		return id, nil
	}
	amountArg := func(c *cobra.Command, s string) (*uint256.Int, error) {
		a, err := btt.Parse(s)
		if err != nil {
			return nil, cli.Usage(c, err)
		}
		return a, nil
	}
	open := &cobra.Command{
		Use:   "open PAYEE DEPOSIT --from KEY",
		Short: "Open a channel to a payee (a seeder), escrowing DEPOSIT",
		Long: `Open a one-way payment channel from --from to PAYEE (0x…, T… or a key name) and escrow
DEPOSIT in it. The payer then pays with vouchers signed off chain
('bttcd speed sign-voucher'); the payee redeems them. The channel's id is
printed; it is also known in advance ('bttcd query speed next PAYER PAYEE').`,
		Example: "  bttcd tx speed open 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 10btt --from alice",
		Args:    cli.ExactArgs(2, "PAYEE DEPOSIT"),
		RunE: func(c *cobra.Command, args []string) error {
			payee, err := resolveAddress(c, args[0])
			if err != nil {
				return err
			}
			deposit, err := amountArg(c, args[1])
			if err != nil {
				return err
			}
			return runTxNoting(c, &paych.MsgOpen{Payee: payee, Deposit: deposit}, paych.EventOpen, paych.AttrChannel, "  channel: %s\n")
		},
	}
	topup := &cobra.Command{
		Use:     "topup ID AMOUNT --from KEY",
		Short:   "Add AMOUNT to the deposit of your open channel",
		Example: "  bttcd tx speed topup 0x3b…9f 5btt --from alice",
		Args:    cli.ExactArgs(2, "ID AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			amount, err := amountArg(c, args[1])
			if err != nil {
				return err
			}
			return runTx(c, &paych.MsgTopUp{Channel: id, Amount: amount})
		},
	}
	redeem := &cobra.Command{
		Use:   "redeem FILE... --from KEY",
		Short: "Redeem vouchers: the payees are paid what they promise beyond what was redeemed",
		Long: `Send the vouchers of the files (JSON, one or many per file, as 'bttcd speed
sign-voucher' writes them), sorted by channel and nonce, --batch at a time
per transaction. Each voucher pays its channel's payee the increase over what
was redeemed; a voucher the chain refuses (an old nonce, above the deposit,
expired, signed by someone else...) is reported and the others still pay.
Anyone may send a redeem; the BTT always goes to the payee. Vouchers signed
for another chain are refused before anything is sent.`,
		Example: "  bttcd tx speed redeem ~/vouchers/*.jsonl --from seeder",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.Usage(c, errors.New("want at least one voucher FILE"))
			}
			return nil
		},
		RunE: runRedeem,
	}
	redeem.Flags().Int("batch", 100, fmt.Sprintf("vouchers per transaction, 1 to %d", paych.MaxBatch))
	closeCmd := &cobra.Command{
		Use:   "close ID --from KEY",
		Short: "Close a channel: the payer starts the settle delay, the payee settles at once",
		Long: `From the payer, the channel starts closing: its payee may still redeem during
the settle delay, after which anyone may settle ('bttcd tx speed settle') and the
payer gets the rest. From the payee, the channel settles at once: the payer gets
back everything not redeemed. A cooperative close ('coop-close') is quicker for
a payer whose payee agrees.`,
		Example: "  bttcd tx speed close 0x3b…9f --from alice",
		Args:    cli.ExactArgs(1, "ID"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			return runTxNoting(c, &paych.MsgClose{Channel: id}, paych.EventClosing, paych.AttrSettleAt, "  closing: anyone may settle from %s\n")
		},
	}
	coop := &cobra.Command{
		Use:   "coop-close FILE --from KEY",
		Short: "Close a channel at once with the payee's signed close ('bttcd speed sign-close')",
		Args:  cli.ExactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			var f paych.CloseFile
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &f); err != nil {
				return fmt.Errorf("%s is not a cooperative close ('bttcd speed sign-close' makes one): %w", args[0], err)
			}
			return runTx(c, &paych.MsgCoopClose{Close: f.SignedClose})
		},
	}
	settle := &cobra.Command{
		Use:   "settle ID --from KEY",
		Short: "Pay out a closing channel whose settle delay is over (anyone may)",
		Args:  cli.ExactArgs(1, "ID"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			return runTx(c, &paych.MsgSettle{Channel: id})
		},
	}
	for _, sub := range []*cobra.Command{open, topup, redeem, closeCmd, coop, settle} {
		addTxFlags(sub)
		c.AddCommand(sub)
	}
	return c
}

// runTxNoting is runTx that also prints, in text output, the one value of
// an event attribute the user needs next, such as a new channel's id.
func runTxNoting(c *cobra.Command, m tx.Msg, event, attr, line string) error {
	res, err := sendTx(c, m)
	if res != nil && err == nil && textOutput(c) {
		if vs := res.Attr(event, attr); len(vs) == 1 {
			fmt.Fprintf(c.OutOrStdout(), line, vs[0])
		}
	}
	return err
}

func textOutput(c *cobra.Command) bool {
	f, _ := c.Flags().GetString(flagOutput)
	return f == "" || f == "text"
}

// runRedeem sends the files' vouchers in batches and reports each one.
func runRedeem(c *cobra.Command, args []string) error {
	batch, _ := c.Flags().GetInt("batch")
	if batch < 1 || batch > paych.MaxBatch {
		return cli.Usage(c, fmt.Errorf("--batch %d: want 1 to %d", batch, paych.MaxBatch))
	}
	var all []paych.VoucherFile
	for _, path := range args {
		vs, err := speedwatch.ReadFile(path)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			return fmt.Errorf("%s holds no vouchers", path)
		}
		all = append(all, vs...)
	}
	chainID, _ := c.Flags().GetString(flagChainID)
	if chainID == "" {
		client, err := dialNode(c)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(c.Context(), 10*time.Second)
		st, err := client.Status(ctx)
		cancel()
		if err != nil {
			return err
		}
		chainID = st.NodeInfo.Network
	}
	for i, v := range all {
		if v.ChainID != chainID {
			return fmt.Errorf("voucher %d (channel %s, nonce %d) is for chain %q, this is %q: it cannot pay here", i+1, v.Voucher.Channel, v.Voucher.Nonce, v.ChainID, chainID)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := &all[i].Voucher, &all[j].Voucher
		if a.Channel != b.Channel {
			return a.Channel.String() < b.Channel.String()
		}
		return a.Nonce < b.Nonce
	})
	paid, redeemed, refused := new(uint256.Int), 0, 0
	for start := 0; start < len(all); start += batch {
		part := all[start:min(start+batch, len(all))]
		m := &paych.MsgRedeem{Vouchers: make([]paych.SignedVoucher, len(part))}
		for i := range part {
			m.Vouchers[i] = part[i].SignedVoucher
		}
		res, err := sendTx(c, m)
		if res == nil {
			return err
		}
		for _, a := range res.Attr(paych.EventRedeem, paych.AttrAmount) {
			n, _ := uint256.FromDecimal(a)
			if n != nil {
				paid.Add(paid, n)
			}
			redeemed++
		}
		idx, reasons := res.Attr(paych.EventRefused, paych.AttrIndex), res.Attr(paych.EventRefused, paych.AttrReason)
		refused += len(idx)
		if textOutput(c) {
			for i := range idx {
				fmt.Fprintf(c.OutOrStdout(), "  refused voucher %s of this batch: %s\n", idx[i], reasons[i])
			}
		}
		if err != nil {
			return err
		}
	}
	if textOutput(c) {
		fmt.Fprintf(c.OutOrStdout(), "redeemed %d of %d vouchers, paying %s; %d refused\n", redeemed, len(all), btt.Format(paid), refused)
	}
	return nil
}

func newQuerySpeedCmd() *cobra.Command {
	c := &cobra.Command{Use: "speed", Short: "Speed payment channels"}
	ask := func(use, short string, nargs int, path func(c *cobra.Command, args []string) (string, error), out func() any) *cobra.Command {
		return moduleQueryCmd((*rpcclient.Client).Speed, use, short, nargs, path, out, nil)
	}
	channels := listQueryCmd((*rpcclient.Client).Speed, "channels", "channel", [2]listSide{
		{"payer", "list the channels this address or key pays through"}, {"payee", "list the channels that pay this address or key"}},
		func(t string) error { _, err := paych.ParseChannelID(t); return err },
		func() any { return new(paych.ChannelPage) }, func(w io.Writer, v any) {
			page := v.(*paych.ChannelPage)
			_ = printText(w, page.Channels)
			printMore(w, page.Next)
		})
	c.AddCommand(
		ask("channel ID", "Show a channel: deposit, redeemed, last nonce, state and settle time", 1,
			func(c *cobra.Command, args []string) (string, error) {
				id, err := paych.ParseChannelID(args[0])
				if err != nil {
					return "", cli.Usage(c, err)
				}
				return "channel/" + id.String(), nil
			}, func() any { return new(paych.ChannelView) }),
		channels,
		moduleQueryCmd((*rpcclient.Client).Speed, "next PAYER PAYEE", "Show the id the payer's next channel to the payee will have", 2,
			func(c *cobra.Command, args []string) (string, error) {
				payer, err := resolveAddress(c, args[0])
				if err != nil {
					return "", err
				}
				payee, err := resolveAddress(c, args[1])
				if err != nil {
					return "", err
				}
				return "next/" + payer.Hex() + "/" + payee.Hex(), nil
			}, func() any { return new(paych.ChannelID) }, func(w io.Writer, v any) { fmt.Fprintln(w, v.(*paych.ChannelID).String()) }),
		ask("params", "Show the Speed parameters", 0, func(*cobra.Command, []string) (string, error) { return "params", nil },
			func() any { return new(speed.Params) }),
	)
	return c
}

// newSpeedCmd holds the offline voucher tools and the payee's watcher.
func newSpeedCmd() *cobra.Command {
	c := &cobra.Command{Use: "speed", Short: "Sign and check Speed vouchers offline; watch and redeem a payee's channels"}
	c.AddCommand(newSignVoucherCmd(), newSignCloseCmd(), newVerifyVoucherCmd(), newWatchCmd())
	return c
}

// offlineChainID is --chain-id, or the chain of the home's genesis.
func offlineChainID(c *cobra.Command) (string, error) {
	if id, _ := c.Flags().GetString(flagChainID); id != "" {
		return id, nil
	}
	if id := homeChainID(homeOf(c)); id != "" {
		return id, nil
	}
	return "", cli.Usage(c, fmt.Errorf("pass --chain-id: there is no genesis in %s to take it from", homeOf(c)))
}

// appendOrPrint writes JSON lines to --file (appended: a voucher file is
// never overwritten) or to stdout.
func appendOrPrint(c *cobra.Command, vs ...any) error {
	var w io.Writer = c.OutOrStdout()
	if path, _ := c.Flags().GetString("file"); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		defer fmt.Fprintf(c.ErrOrStderr(), "appended %d to %s\n", len(vs), path)
	}
	for _, v := range vs {
		line, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := w.Write(append(line, '\n')); err != nil {
			return err
		}
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Sync() // a payee's earnings: on disk before we say so
	}
	return nil
}

func newSignVoucherCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sign-voucher ID AMOUNT --nonce N --from KEY",
		Short: "Sign a voucher of your channel, offline: the payee may take AMOUNT in all",
		Long: `Sign, as the channel's payer, a voucher that lets the payee take AMOUNT in all
(cumulative: each voucher carries the running total, and redeeming pays the
increase over what was redeemed). Nonces must grow: the chain redeems a voucher
only with a nonce above the last it redeemed. No node is needed; the chain id
is --chain-id or the home's genesis. The voucher is printed as one JSON line,
or appended to --file.

With --count K it signs K vouchers at once, the i-th for i × AMOUNT with nonce
N+i-1: a payer's vouchers for K equal pieces.`,
		Example: "  bttcd speed sign-voucher 0x3b…9f 0.25btt --nonce 7 --from alice --file to-bob.jsonl\n" +
			"  bttcd speed sign-voucher 0x3b…9f 0.001btt --nonce 1 --count 1000 --from alice --file to-bob.jsonl",
		Args: cli.ExactArgs(2, "ID AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := paych.ParseChannelID(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			amount, err := btt.Parse(args[1])
			if err != nil {
				return cli.Usage(c, err)
			}
			nonce, _ := c.Flags().GetUint64(flagNonce)
			expiry, _ := c.Flags().GetUint64("expiry")
			count, _ := c.Flags().GetUint64("count")
			if nonce == 0 {
				return cli.Usage(c, errors.New("--nonce is required, from 1, above every nonce you signed for this channel"))
			}
			if count == 0 || count > 1_000_000 {
				return cli.Usage(c, errors.New("--count: want 1 to 1000000"))
			}
			if _, overflow := new(uint256.Int).MulOverflow(amount, uint256.NewInt(count)); overflow {
				return cli.Usage(c, errors.New("AMOUNT × --count passes 2^256-1 wei"))
			}
			key, err := signingKey(c)
			if err != nil {
				return err
			}
			chainID, err := offlineChainID(c)
			if err != nil {
				return err
			}
			out := make([]any, 0, count)
			for i := uint64(1); i <= count; i++ {
				v := paych.Voucher{Channel: id, Amount: new(uint256.Int).Mul(amount, uint256.NewInt(i)), Nonce: nonce + i - 1, Expiry: expiry}
				if err := v.Validate(); err != nil {
					return cli.Usage(c, err)
				}
				sv, err := v.Sign(chainID, key)
				if err != nil {
					return err
				}
				out = append(out, paych.VoucherFile{ChainID: chainID, SignedVoucher: sv})
			}
			return appendOrPrint(c, out...)
		},
	}
	c.Flags().Uint64(flagNonce, 0, "the voucher's nonce, above every nonce signed before for this channel")
	c.Flags().Uint64("expiry", 0, "last height at which the voucher may be redeemed (0: never expires)")
	c.Flags().Uint64("count", 1, "sign this many vouchers, the i-th for i × AMOUNT with nonce N+i-1")
	addOfflineSignFlags(c)
	return c
}

func newSignCloseCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sign-close ID AMOUNT --from KEY",
		Short: "As a channel's payee, sign a cooperative close taking AMOUNT in all, offline",
		Long: `Sign, as the channel's payee, "I take AMOUNT in all from this channel; the payer
gets the rest". Either party submits it with 'bttcd tx speed coop-close FILE' and
the channel closes at once. AMOUNT must be at least what was redeemed.`,
		Example: "  bttcd speed sign-close 0x3b…9f 3.75btt --from bob --file close.json",
		Args:    cli.ExactArgs(2, "ID AMOUNT"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := paych.ParseChannelID(args[0])
			if err != nil {
				return cli.Usage(c, err)
			}
			amount, err := btt.Parse(args[1])
			if err != nil {
				return cli.Usage(c, err)
			}
			key, err := signingKey(c)
			if err != nil {
				return err
			}
			chainID, err := offlineChainID(c)
			if err != nil {
				return err
			}
			sc, err := paych.Close{Channel: id, Amount: amount}.Sign(chainID, key)
			if err != nil {
				return err
			}
			if path, _ := c.Flags().GetString("file"); path != "" {
				raw, _ := json.Marshal(paych.CloseFile{ChainID: chainID, SignedClose: sc})
				return os.WriteFile(path, append(raw, '\n'), 0o600)
			}
			return appendOrPrint(c, paych.CloseFile{ChainID: chainID, SignedClose: sc})
		},
	}
	addOfflineSignFlags(c)
	return c
}

func addOfflineSignFlags(c *cobra.Command) {
	c.Flags().String(flagFrom, "", "name of the signing key")
	c.Flags().String(flagChainID, "", "chain id (default: the home's genesis)")
	c.Flags().String("file", "", "write to this file (vouchers are appended) instead of printing")
	addKeyringFlags(c)
}

// signingKey unlocks --from.
func signingKey(c *cobra.Command) (*ecdsa.PrivateKey, error) {
	from, _ := c.Flags().GetString(flagFrom)
	if from == "" {
		return nil, cli.Usage(c, errors.New("--from is required"))
	}
	kr, err := openKeyring(c)
	if err != nil {
		return nil, err
	}
	_, key, err := unlock(c, kr, from)
	return key, err
}

func newVerifyVoucherCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "verify-voucher FILE",
		Short: "Check the vouchers of a file: who signed them, and with --check whether the chain would pay them now",
		Long: `Print each voucher of FILE with the address that signed it (one signature
recovery, no node needed). With --check, ask the node (--node) about each
voucher's channel and say what redeeming it now would pay, or why the chain
would refuse it. Exits non-zero if any voucher is unusable.`,
		Args: cli.ExactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			vs, err := speedwatch.ReadFile(args[0])
			if err != nil {
				return err
			}
			if len(vs) == 0 {
				return fmt.Errorf("%s holds no vouchers", args[0])
			}
			check, _ := c.Flags().GetBool("check")
			var client *rpcclient.Client
			var height int64
			var now time.Time
			var chainID string
			ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
			defer cancel()
			if check {
				if client, err = dialNode(c); err != nil {
					return err
				}
				st, err := client.Status(ctx)
				if err != nil {
					return err
				}
				chainID, height, now = st.NodeInfo.Network, st.SyncInfo.LatestBlockHeight+1, st.SyncInfo.LatestBlockTime.Add(time.Nanosecond)
			}
			type line struct {
				Channel  paych.ChannelID `json:"channel"`
				ChainID  string          `json:"chain_id"`
				Amount   string          `json:"amount"`
				Nonce    uint64          `json:"nonce"`
				Expiry   uint64          `json:"expiry,omitempty"`
				Signer   string          `json:"signer"`
				Verdict  string          `json:"verdict,omitempty"`
				WouldPay string          `json:"would_pay,omitempty"`
			}
			var out []line
			bad := 0
			for _, v := range vs {
				l := line{Channel: v.Voucher.Channel, ChainID: v.ChainID, Amount: btt.Format(v.Voucher.Amount), Nonce: v.Voucher.Nonce, Expiry: v.Voucher.Expiry}
				signer, err := v.Signer(v.ChainID)
				if err != nil {
					l.Signer, l.Verdict = "-", err.Error()
					bad++
					out = append(out, l)
					continue
				}
				l.Signer = signer.Hex()
				if check {
					var ch paych.ChannelView
					switch err := client.Speed(ctx, "channel/"+v.Voucher.Channel.String(), 0, &ch); {
					case err != nil:
						l.Verdict = err.Error()
						bad++
					case v.ChainID != chainID:
						l.Verdict = fmt.Sprintf("signed for chain %q; the node is on %q", v.ChainID, chainID)
						bad++
					default:
						if err := paych.Check(ch.Terms(), &v.SignedVoucher, chainID, height, now); err != nil {
							l.Verdict = err.Error()
							bad++
						} else {
							l.Verdict, l.WouldPay = "redeemable", btt.Format(new(uint256.Int).Sub(v.Voucher.Amount, ch.RedeemedAmount()))
						}
					}
				}
				out = append(out, l)
			}
			if err := printOut(c, out, func(w io.Writer) { _ = printText(w, out) }); err != nil {
				return err
			}
			for i, l := range out {
				if l.Verdict != "" && l.Verdict != "redeemable" {
					return fmt.Errorf("%d of %d vouchers are unusable; the first, voucher %d: %s", bad, len(vs), i+1, l.Verdict)
				}
			}
			return nil
		},
	}
	c.Flags().Bool("check", false, "ask the node whether each voucher would pay now")
	addNodeFlag(c)
	addOutputFlag(c)
	return c
}

func newWatchCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "watch --payee KEY --dir DIR",
		Short: "Redeem a payee's vouchers when a channel closes, a voucher nears expiry, or routinely",
		Long: `Watch the channels that pay --payee and redeem the best voucher of each from the
voucher files in --dir (every *.json and *.jsonl, as 'sign-voucher --file' and
the btt client write them): at once when a channel starts closing (after its
settle delay its vouchers are worth nothing), --expiry-margin blocks before a
voucher expires, and routinely every --every blocks or once the unredeemed total
reaches --above. Everything due in a pass goes in one transaction, paid by
--payee. Runs until interrupted; --once makes one pass and exits.`,
		Example: "  bttcd speed watch --payee seeder --dir ~/.btt/vouchers --every 600 --above 50btt",
		Args:    cli.ExactArgs(0, "none"),
		RunE:    runWatch,
	}
	c.Flags().String("payee", "", "the payee's key, which also pays the redeems' fees")
	c.Flags().String("dir", "", "directory of voucher files")
	c.Flags().Int64("every", 0, "redeem whatever is unredeemed at least every N blocks (0: only on the other triggers)")
	c.Flags().String("above", "", "redeem everything once the unredeemed total reaches this amount")
	c.Flags().Uint64("expiry-margin", 20, "redeem a voucher this many blocks before it expires")
	c.Flags().Duration("poll", 2*time.Second, "how often to look")
	c.Flags().Bool("once", false, "make one pass and exit")
	addTxFlags(c)
	return c
}

func runWatch(c *cobra.Command, _ []string) error {
	payee, _ := c.Flags().GetString("payee")
	dir, _ := c.Flags().GetString("dir")
	if payee == "" || dir == "" {
		return cli.Usage(c, errors.New("--payee and --dir are required"))
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return cli.Usage(c, fmt.Errorf("--dir %s is not a directory", dir))
	}
	cfg := speedwatch.Config{Dir: dir}
	cfg.Every, _ = c.Flags().GetInt64("every")
	cfg.ExpiryMargin, _ = c.Flags().GetUint64("expiry-margin")
	if cfg.Every < 0 {
		return cli.Usage(c, errors.New("--every: want 0 or more blocks"))
	}
	if a, _ := c.Flags().GetString("above"); a != "" {
		v, err := btt.Parse(a)
		if err != nil {
			return cli.Usage(c, fmt.Errorf("--above: %w", err))
		}
		cfg.Above = v
	}
	poll, _ := c.Flags().GetDuration("poll")
	if poll <= 0 {
		return cli.Usage(c, errors.New("--poll: want a positive duration"))
	}
	o, v, err := txOptions(c)
	if err != nil {
		return err
	}
	cfg.TxOptions = o
	kr, err := openKeyring(c)
	if err != nil {
		return err
	}
	info, key, err := unlock(c, kr, payee)
	if err != nil {
		return err
	}
	client, err := rpcclient.Dial(v.GetString(flagNode))
	if err != nil {
		return err
	}
	cfg.Payee = info.Address
	cfg.Sender = &rpcclient.Sender{Client: client, From: info.Address, Signer: tx.KeySigner{Key: key}, ChainID: v.GetString(flagChainID)}
	cfg.Log = newLogger(c.ErrOrStderr(), "auto", "info")
	w, err := speedwatch.New(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if once, _ := c.Flags().GetBool("once"); once {
		rep, err := w.Step(ctx)
		if err != nil {
			return err
		}
		return printOut(c, rep, func(w io.Writer) {
			fmt.Fprintf(w, "height %d: %d channels, %d vouchers held, %s unredeemed before this pass; redeemed %d, refused %d\n",
				rep.Height, rep.Channels, rep.Vouchers, btt.Format(rep.Unpaid), len(rep.Redeemed), rep.Refused)
			for _, d := range rep.Redeemed {
				fmt.Fprintf(w, "  %s: %s (%s)\n", d.Voucher.Voucher.Channel, btt.Format(d.Pays), d.Reason)
			}
		})
	}
	fmt.Fprintf(c.ErrOrStderr(), "watching the channels that pay %s; vouchers from %s\n", info.Address, dir)
	return w.Run(ctx, poll)
}
