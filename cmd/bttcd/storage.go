package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/settlement/storage"
	"github.com/bttc-network/bttc/settlement/storage/deal"
	"github.com/bttc-network/bttc/settlement/storage/merkle"
)

func newTxStorageCmd() *cobra.Command {
	c := &cobra.Command{Use: "storage", Short: "Propose, accept, prove, renew and cancel storage contracts"}
	idArg := func(c *cobra.Command, s string) (deal.ID, error) {
		id, err := deal.ParseID(s)
		if err != nil {
			return id, cli.Usage(c, err)
		}
		return id, nil
	}
	propose := &cobra.Command{
		Use:   "propose FILE --host ADDRESS --periods N --price AMOUNT --collateral AMOUNT --from KEY",
		Short: "Propose that a host keep FILE: escrows price × periods until the host accepts",
		Long: `Compute FILE's Merkle root (leaves of the chain's leaf size) and propose that
--host keep it for --periods periods of --period blocks from --start, at --price a
period. The price of every period is escrowed now; the host accepts by locking
--collateral before the start. Each period the host must prove, within the first
--window blocks, that it holds leaves the chain picks; a missed period refunds
you its price and slashes --slash of the collateral, and --max-misses misses end
the contract. The contract's id is printed. Upload FILE to the host yourself
(the btt client does it for you).`,
		Example: "  bttcd tx storage propose photos.tar --host 0x7099…79C8 --periods 30 --period 2880 --window 600 \\\n" +
			"      --price 2btt --collateral 50btt --slash 5btt --max-misses 3 --from alice",
		Args: cli.ExactArgs(1, "FILE"),
		RunE: runPropose,
	}
	propose.Flags().String("host", "", "the host's address or key name")
	propose.Flags().String("start", "", `first height: a number, or +N blocks from now (default +20)`)
	propose.Flags().Uint64("period", 100, "blocks a period")
	propose.Flags().Uint64("periods", 0, "number of periods")
	propose.Flags().Uint64("window", 20, "blocks from a period's start in which its proof is taken")
	propose.Flags().String("price", "", "payment a period")
	propose.Flags().String("collateral", "0btt", "what the host locks")
	propose.Flags().String("slash", "0btt", "collateral a missed period costs the host")
	propose.Flags().Uint64("max-misses", 3, "the contract ends at this many missed periods")
	accept := &cobra.Command{
		Use:   "accept ID --from KEY",
		Short: "As the host, accept a proposal and lock its collateral",
		Args:  cli.ExactArgs(1, "ID"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			return runTx(c, &deal.MsgAccept{Contract: id})
		},
	}
	cancel := &cobra.Command{
		Use:   "cancel ID --from KEY",
		Short: "As the renter, withdraw a proposal nobody accepted; the escrow comes back",
		Args:  cli.ExactArgs(1, "ID"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			return runTx(c, &deal.MsgCancel{Contract: id})
		},
	}
	renew := &cobra.Command{
		Use:   "renew ID --periods N --from KEY",
		Short: "As the renter, propose the same terms for N more periods from the contract's end",
		Args:  cli.ExactArgs(1, "ID"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := idArg(c, args[0])
			if err != nil {
				return err
			}
			n, _ := c.Flags().GetUint64("periods")
			return runTxNoting(c, &deal.MsgRenew{Contract: id, Periods: n}, deal.EventProposed, deal.AttrContract, "  renewal: %s\n")
		},
	}
	renew.Flags().Uint64("periods", 0, "periods to add")
	prove := &cobra.Command{
		Use:   "prove PROOF_FILE --from KEY",
		Short: "As the host, send a proof made by 'bttcd storage prove'",
		Args:  cli.ExactArgs(1, "PROOF_FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var f deal.ProofFile
			if err := json.Unmarshal(raw, &f); err != nil {
				return fmt.Errorf("%s is not a proof ('bttcd storage prove' makes one): %w", args[0], err)
			}
			return runTx(c, &f.MsgProve)
		},
	}
	for _, sub := range []*cobra.Command{propose, accept, cancel, renew, prove} {
		addTxFlags(sub)
		c.AddCommand(sub)
	}
	return c
}

func runPropose(c *cobra.Command, args []string) error {
	bad := func(err error) error { return cli.Usage(c, err) }
	hostText, _ := c.Flags().GetString("host")
	if hostText == "" {
		return bad(errors.New("--host is required"))
	}
	host, err := resolveAddress(c, hostText)
	if err != nil {
		return err
	}
	t := deal.Terms{Host: host}
	t.Period, _ = c.Flags().GetUint64("period")
	t.Periods, _ = c.Flags().GetUint64("periods")
	t.Window, _ = c.Flags().GetUint64("window")
	t.MaxMisses, _ = c.Flags().GetUint64("max-misses")
	for _, a := range []struct {
		flag string
		dst  **uint256.Int
	}{{"price", &t.Price}, {"collateral", &t.Collateral}, {"slash", &t.SlashPerMiss}} {
		text, _ := c.Flags().GetString(a.flag)
		if text == "" {
			return bad(fmt.Errorf("--%s is required", a.flag))
		}
		v, err := btt.Parse(text)
		if err != nil {
			return bad(fmt.Errorf("--%s: %w", a.flag, err))
		}
		*a.dst = v
	}
	client, err := dialNode(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
	defer cancel()
	var p storage.Params
	if err := client.Storage(ctx, "params", 0, &p); err != nil {
		return err
	}
	st, err := client.Status(ctx)
	if err != nil {
		return err
	}
	start, _ := c.Flags().GetString("start")
	if t.Start, err = parseStart(start, uint64(st.SyncInfo.LatestBlockHeight)); err != nil {
		return bad(err)
	}
	tree, size, err := fileTree(args[0], p.LeafSize)
	if err != nil {
		return err
	}
	t.Root, t.Size = tree.Root(), size
	return runTxNoting(c, &deal.MsgPropose{Terms: t}, deal.EventProposed, deal.AttrContract, "  contract: %s\n")
}

// parseStart reads --start: a height, +N from now, or "" for +20.
func parseStart(text string, now uint64) (uint64, error) {
	if text == "" {
		text = "+20"
	}
	rel := strings.HasPrefix(text, "+")
	n, err := strconv.ParseUint(strings.TrimPrefix(text, "+"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("--start %q: want a height or +BLOCKS", text)
	}
	if rel {
		return now + n, nil
	}
	return n, nil
}

// fileTree reads a file into its Merkle tree.
func fileTree(path string, leafSize uint64) (*merkle.Tree, uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	tree, size, err := merkle.FromReader(f, int(leafSize))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return tree, size, nil
}

func newQueryStorageCmd() *cobra.Command {
	c := &cobra.Command{Use: "storage", Short: "Storage contracts and their challenges"}
	idPath := func(name string) func(*cobra.Command, []string) (string, error) {
		return func(c *cobra.Command, args []string) (string, error) {
			id, err := deal.ParseID(args[0])
			if err != nil {
				return "", cli.Usage(c, err)
			}
			path := name + "/" + id.String()
			if len(args) > 1 {
				if _, err := strconv.ParseUint(args[1], 10, 64); err != nil {
					return "", cli.Usage(c, fmt.Errorf("period %q: want a number", args[1]))
				}
				path += "/" + args[1]
			}
			return path, nil
		}
	}
	ask := func(use, short string, nargs int, path func(*cobra.Command, []string) (string, error), out func() any) *cobra.Command {
		return moduleQueryCmd((*rpcclient.Client).Storage, use, short, nargs, path, out, nil)
	}
	contracts := listQueryCmd((*rpcclient.Client).Storage, "contracts", "contract", [2]listSide{
		{"renter", "list the contracts this address or key pays for"}, {"host", "list the contracts this address or key hosts"}},
		func(t string) error { _, err := deal.ParseID(t); return err },
		func() any { return new(deal.ContractPage) }, func(w io.Writer, v any) {
			page := v.(*deal.ContractPage)
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATE\tRENTER\tHOST\tPERIOD\tPROVEN\tMISSED\tPRICE\tESCROW\tCOLLATERAL")
			for _, k := range page.Contracts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d of %d\t%d\t%d\t%s\t%s\t%s\n", k.ID, k.State, k.Renter, k.Host, k.Next, k.Periods,
					k.Proven, k.Missed, k.Price, k.Escrow, k.CollateralNow)
			}
			if len(page.Contracts) == 0 {
				fmt.Fprintln(tw, "(none)")
			}
			tw.Flush()
			printMore(w, page.Next)
		})
	c.AddCommand(
		ask("contract ID", "Show a contract: terms, the period being proven, payments, misses", 1, idPath("contract"), func() any { return new(deal.ContractView) }),
		contracts,
		ask("challenge ID PERIOD", "Show a period's window and, once fixed, the leaves its proof must carry", 2, idPath("challenge"),
			func() any { return new(deal.ChallengeView) }),
		ask("params", "Show the storage parameters", 0, func(*cobra.Command, []string) (string, error) { return "params", nil },
			func() any { return new(storage.Params) }),
	)
	return c
}

// newStorageCmd holds the file tools of renters and hosts.
func newStorageCmd() *cobra.Command {
	c := &cobra.Command{Use: "storage", Short: "Merkle roots and proofs of storage for files"}
	root := &cobra.Command{
		Use:   "merkle-root FILE",
		Short: "Print a file's Merkle root, size and leaf count, as a storage contract names it",
		Long: `Print FILE's Merkle root: SHA-256 leaves of --leaf-size bytes (the chain's leaf
size, 1024 unless governance changed it; the last leaf padded with zeros), an
RFC 6962 tree. No node is needed.`,
		Args: cli.ExactArgs(1, "FILE"),
		RunE: func(c *cobra.Command, args []string) error {
			ls, _ := c.Flags().GetUint64("leaf-size")
			if ls == 0 || ls > deal.MaxLeafBytes {
				return cli.Usage(c, fmt.Errorf("--leaf-size %d: want 1 to %d", ls, deal.MaxLeafBytes))
			}
			tree, size, err := fileTree(args[0], ls)
			if err != nil {
				return err
			}
			r := tree.Root()
			out := struct {
				Root     string `json:"root"`
				Size     uint64 `json:"size"`
				Leaves   uint64 `json:"leaves"`
				LeafSize uint64 `json:"leaf_size"`
			}{fmt.Sprintf("0x%x", r[:]), size, tree.Len(), ls}
			return printOut(c, out, func(w io.Writer) {
				fmt.Fprintf(w, "root:       %s\nsize:       %d bytes\nleaves:     %d of %d bytes\n", out.Root, out.Size, out.Leaves, out.LeafSize)
			})
		},
	}
	root.Flags().Uint64("leaf-size", storage.DefaultParams().LeafSize, "bytes a leaf")
	addOutputFlag(root)
	prove := &cobra.Command{
		Use:   "prove FILE --contract ID",
		Short: "As a host, answer a period's challenge from FILE and write the proof",
		Long: `Ask the node (--node) for the contract and the challenge of --period (default:
the period being proven now), check that FILE is the contract's file, and write
the challenged leaves with their Merkle paths to --out (or print them). Send the
proof with 'bttcd tx storage prove PROOF_FILE' inside the period's window.`,
		Example: "  bttcd storage prove photos.tar --contract 0x5c…e1 --out proof.json",
		Args:    cli.ExactArgs(1, "FILE"),
		RunE:    runStorageProve,
	}
	prove.Flags().String("contract", "", "the contract's id")
	prove.Flags().String("period", "", "the period to prove (default: the one being proven now)")
	prove.Flags().String("out", "", "write the proof to this file instead of printing it")
	addNodeFlag(prove)
	c.AddCommand(root, prove)
	return c
}

func runStorageProve(c *cobra.Command, args []string) error {
	idText, _ := c.Flags().GetString("contract")
	id, err := deal.ParseID(idText)
	if err != nil {
		return cli.Usage(c, fmt.Errorf("--contract: %w", err))
	}
	client, err := dialNode(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context(), 60*time.Second)
	defer cancel()
	var v deal.ContractView
	if err := client.Storage(ctx, "contract/"+id.String(), 0, &v); err != nil {
		return err
	}
	if v.State != deal.Active {
		return fmt.Errorf("contract %s is %s: it takes no proofs", id, v.State)
	}
	period := v.Next
	if text, _ := c.Flags().GetString("period"); text != "" {
		if period, err = strconv.ParseUint(text, 10, 64); err != nil {
			return cli.Usage(c, fmt.Errorf("--period %q: want a number", text))
		}
	}
	tree, size, err := fileTree(args[0], v.LeafSize)
	if err != nil {
		return err
	}
	if r := tree.Root(); fmt.Sprintf("0x%x", r[:]) != v.Root || size != v.Size {
		return fmt.Errorf("%s is not this contract's file: its root is 0x%x (%d bytes), the contract's %s (%d bytes)", args[0], r[:], size, v.Root, v.Size)
	}
	var ch deal.ChallengeView
	if err := client.Storage(ctx, fmt.Sprintf("challenge/%s/%d", id, period), 0, &ch); err != nil {
		return err
	}
	if !ch.Ready {
		return fmt.Errorf("period %d's challenge is fixed at height %d; it is not there yet (its window is %d to %d)", period, ch.SeedHeight, ch.WindowStart, ch.WindowEnd)
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := deal.Prove(id, period, ch.Indices, tree, func(i uint64) ([]byte, error) {
		leaf := make([]byte, v.LeafSize)
		n, err := f.ReadAt(leaf, int64(i*v.LeafSize))
		if n > 0 && (err == nil || errors.Is(err, io.EOF)) {
			return leaf, nil // the last leaf is padded with zeros
		}
		return nil, err
	})
	if err != nil {
		return err
	}
	raw, err := json.Marshal(deal.ProofFile{MsgProve: *m})
	if err != nil {
		return err
	}
	if out, _ := c.Flags().GetString("out"); out != "" {
		if err := os.WriteFile(out, append(raw, '\n'), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(c.ErrOrStderr(), "proof of period %d (%d leaves, %d bytes) written to %s; send it by height %d\n", period, len(m.Leaves), m.Bytes(), out, ch.WindowEnd)
		return nil
	}
	_, err = c.OutOrStdout().Write(append(raw, '\n'))
	return err
}
