package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/chain"
	"github.com/bttc-network/bttc/chain/rpcclient"
	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/core/dec"
	"github.com/bttc-network/bttc/core/tx"
	"github.com/bttc-network/bttc/governance"
	"github.com/bttc-network/bttc/internal/cli"
)

func newTxGovCmd() *cobra.Command {
	c := &cobra.Command{Use: "gov", Short: "Submit, fund, vote on and cancel governance proposals"}
	c.AddCommand(newSubmitProposalCmd(),
		proposalCmd("text", "Propose a text (signalling) proposal", 0, "none", nil),
		proposalCmd("param-change MODULE.KEY=VALUE...", "Propose parameter changes, applied together if the proposal passes", -1, "MODULE.KEY=VALUE",
			func(_ *cobra.Command, args []string) ([]tx.Msg, error) {
				m, err := governance.ParseParamChanges(args)
				return []tx.Msg{m}, err
			}),
		newSoftwareUpgradeCmd(),
		proposalCmd("cancel-upgrade", "Propose to cancel the scheduled software upgrade", 0, "none",
			func(*cobra.Command, []string) ([]tx.Msg, error) { return []tx.Msg{&governance.MsgCancelUpgrade{}}, nil }),
		proposalCmd("community-pool-spend RECIPIENT AMOUNT", "Propose a payment from the community pool", 2, "RECIPIENT AMOUNT",
			func(_ *cobra.Command, args []string) ([]tx.Msg, error) {
				to, err := address.Parse(args[0])
				if err != nil {
					return nil, fmt.Errorf("RECIPIENT: %w", err)
				}
				amount, err := btt.Parse(args[1])
				if err != nil {
					return nil, fmt.Errorf("AMOUNT: %w", err)
				}
				return []tx.Msg{&governance.MsgCommunityPoolSpend{Recipient: to, Amount: amount}}, nil
			}),
		govCmd("deposit PROPOSAL_ID AMOUNT", "Add to a proposal's deposit", 2, func(id uint64, rest []string) (tx.Msg, error) {
			amount, err := btt.Parse(rest[0])
			return &governance.MsgDeposit{ProposalID: id, Amount: amount}, err
		}),
		govCmd("vote PROPOSAL_ID OPTION", "Vote yes, no, abstain or no_with_veto (again to change the vote)", 2, func(id uint64, rest []string) (tx.Msg, error) {
			o, err := governance.ParseOption(rest[0])
			return &governance.MsgVote{ProposalID: id, Options: []governance.WeightedOption{{Option: o, Weight: dec.One()}}}, err
		}),
		govCmd("weighted-vote PROPOSAL_ID OPTION=WEIGHT,...", "Split a vote, e.g. yes=0.6,no=0.4 (weights sum to 1)", 2, func(id uint64, rest []string) (tx.Msg, error) {
			opts, err := governance.ParseWeightedOptions(rest[0])
			return &governance.MsgVote{ProposalID: id, Options: opts}, err
		}),
		govCmd("cancel PROPOSAL_ID", "Withdraw your own open proposal (part of every deposit is burned)", 1, func(id uint64, _ []string) (tx.Msg, error) {
			return &governance.MsgCancelProposal{ProposalID: id}, nil
		}),
	)
	return c
}

// govCmd builds a command whose first argument is a proposal id.
func govCmd(use, short string, nargs int, build func(id uint64, rest []string) (tx.Msg, error)) *cobra.Command {
	fields := strings.Fields(use)[1 : 1+nargs]
	c := &cobra.Command{
		Use:   use + " --from KEY",
		Short: short,
		Args:  cli.ExactArgs(nargs, strings.Join(fields, " ")),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return cli.Usage(c, fmt.Errorf("PROPOSAL_ID %q: want a positive number", args[0]))
			}
			m, err := build(id, args[1:])
			if err != nil {
				return cli.Usage(c, err)
			}
			return runTx(c, m)
		},
	}
	addTxFlags(c)
	return c
}

// proposalCmd builds a shortcut that submits a proposal of the contents
// build makes from the arguments; nargs < 0 takes one or more.
func proposalCmd(use, short string, nargs int, names string, build func(*cobra.Command, []string) ([]tx.Msg, error)) *cobra.Command {
	args := cli.ExactArgs(nargs, names)
	if nargs < 0 {
		args = func(c *cobra.Command, a []string) error {
			if len(a) == 0 {
				return cli.Usage(c, fmt.Errorf("want one or more %s arguments", names))
			}
			return nil
		}
	}
	c := &cobra.Command{
		Use:   use + " --title TEXT --deposit AMOUNT --from KEY",
		Short: short,
		Args:  args,
		RunE: func(c *cobra.Command, args []string) error {
			var contents []tx.Msg
			if build != nil {
				var err error
				if contents, err = build(c, args); err != nil {
					return cli.Usage(c, err)
				}
			}
			f := c.Flags()
			p := governance.ProposalFile{}
			p.Title, _ = f.GetString("title")
			p.Summary, _ = f.GetString("summary")
			p.Metadata, _ = f.GetString("metadata")
			p.Deposit, _ = f.GetString("deposit")
			p.Expedited, _ = f.GetBool("expedited")
			m, err := p.Msg(contents)
			if err != nil {
				return cli.Usage(c, err)
			}
			return runTx(c, m)
		},
	}
	addProposalFlags(c)
	return c
}

func addProposalFlags(c *cobra.Command) {
	c.Flags().String("title", "", "the proposal's title (required)")
	c.Flags().String("summary", "", "what it does and why")
	c.Flags().String("metadata", "", "a link to more, e.g. an IPFS CID (max 255 bytes)")
	c.Flags().String("deposit", "", "initial deposit, e.g. 250000000btt (see `bttcd query gov params`)")
	c.Flags().Bool("expedited", false, "vote in the shorter expedited period, with a larger deposit and a higher threshold")
	addTxFlags(c)
}

func newSoftwareUpgradeCmd() *cobra.Command {
	c := proposalCmd("software-upgrade NAME --upgrade-height H", "Propose a software upgrade: at height H nodes stop unless their binary knows NAME", 1, "NAME",
		func(c *cobra.Command, args []string) ([]tx.Msg, error) {
			h, _ := c.Flags().GetUint64("upgrade-height")
			if h == 0 {
				return nil, fmt.Errorf("--upgrade-height is required")
			}
			info, _ := c.Flags().GetString("upgrade-info")
			return []tx.Msg{&governance.MsgSoftwareUpgrade{Plan: governance.Plan{Name: args[0], Height: h, Info: info}}}, nil
		})
	c.Flags().Uint64("upgrade-height", 0, "the height at which the upgrade happens (leave time for a cancel proposal)")
	c.Flags().String("upgrade-info", "", "where operators find the new binary")
	return c
}

func newSubmitProposalCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "submit-proposal FILE.json --from KEY",
		Short: "Submit a proposal described in a JSON file",
		Long: `Submit a proposal described in a JSON file:

  {
    "title": "Raise the active set to 150",
    "summary": "Why, in a few paragraphs.",
    "deposit": "250000000btt",
    "expedited": false,
    "contents": [
      {"kind": "gov/param-change", "content": {"changes": [
        {"module": "staking", "key": "max_validators", "value": 150}]}}
    ]
  }

Content kinds: gov/param-change, gov/software-upgrade ({"plan": {"name", "height",
"info"}}), gov/cancel-upgrade ({}), gov/community-pool-spend ({"recipient",
"amount"}), bridge/register-chain and bridge/update-chain (a root chain as
'bttcd query bridge chain' prints its settings; register-chain may add the
"signer_set" its contract holds, as 'bttcd bridge deploy' does),
bridge/pause-chain ({"chain", "paused"}). No contents makes a text proposal.
Parameters are checked by their module now: a bad value is refused before
anyone deposits.`,
		Args: cli.ExactArgs(1, "FILE.json"),
		RunE: func(c *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			m, err := governance.DecodeProposalFile(raw, chain.ContentKinds())
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			return runTx(c, m)
		},
	}
	addTxFlags(c)
	return c
}

// Queries.

func newQueryGovCmd() *cobra.Command {
	c := &cobra.Command{Use: "gov", Short: "Proposals, votes, deposits, tallies and upgrades"}
	ask := func(use, short string, nargs int, path func(c *cobra.Command, args []string) (string, error), out func() any, text func(io.Writer, any)) *cobra.Command {
		return moduleQueryCmd((*rpcclient.Client).Gov, use, short, nargs, path, out, text)
	}
	asText := func(w io.Writer, v any) { _ = printText(w, v) }
	byID := func(name string) func(*cobra.Command, []string) (string, error) {
		return func(c *cobra.Command, args []string) (string, error) {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return "", cli.Usage(c, fmt.Errorf("PROPOSAL_ID %q: want a positive number", args[0]))
			}
			return fmt.Sprintf("%s/%d", name, id), nil
		}
	}
	fixed := func(p string) func(*cobra.Command, []string) (string, error) {
		return func(*cobra.Command, []string) (string, error) { return p, nil }
	}
	proposals := ask("proposals", "List proposals (filter with --status, --voter, --depositor)", 0, proposalsPath,
		func() any { return new([]governance.ProposalView) }, func(w io.Writer, v any) {
			fmt.Fprintf(w, "%-5s  %-14s  %-23s  %s\n", "ID", "STATUS", "ENDS", "TITLE")
			for _, p := range *v.(*[]governance.ProposalView) {
				ends := p.DepositEnd
				if p.VotingEnd != "" {
					ends = p.VotingEnd
				}
				if t, err := time.Parse(time.RFC3339Nano, ends); err == nil {
					ends = formatTime(t)
				}
				fmt.Fprintf(w, "%-5d  %-14s  %-23s  %s\n", p.ID, p.Status, ends, p.Title)
			}
		})
	proposals.Flags().String("status", "", "deposit_period, voting_period, passed, rejected, failed, canceled or deposit_lapsed")
	proposals.Flags().String("voter", "", "only open proposals this address voted on")
	proposals.Flags().String("depositor", "", "only open proposals this address deposited on")
	c.AddCommand(proposals,
		ask("proposal PROPOSAL_ID", "Show a proposal", 1, byID("proposal"), func() any { return new(governance.ProposalView) }, asText),
		ask("tally PROPOSAL_ID", "Show a proposal's live tally (or final, once ended)", 1, byID("tally"), func() any { return new(governance.TallyView) },
			func(w io.Writer, v any) {
				t := v.(*governance.TallyView)
				fmt.Fprintf(w, "yes:           %s\nabstain:       %s\nno:            %s\nno_with_veto:  %s\n", t.Yes, t.Abstain, t.No, t.NoWithVeto)
				if t.Bonded != "" {
					fmt.Fprintf(w, "bonded:        %s\n", t.Bonded)
				}
			}),
		ask("votes PROPOSAL_ID", "List the votes on a proposal in its voting period", 1, byID("votes"), func() any { return new([]governance.VoteView) }, asText),
		ask("deposits PROPOSAL_ID", "List the deposits on an open proposal", 1, byID("deposits"), func() any { return new([]governance.DepositView) }, asText),
		ask("params", "Show the governance parameters", 0, fixed("params"), func() any { return new(governance.Params) }, asText),
		ask("upgrade-plan", "Show the scheduled software upgrade", 0, fixed("upgrade-plan"), func() any { return new(governance.UpgradeView) },
			func(w io.Writer, v any) {
				if p := v.(*governance.UpgradeView).Plan; p != nil {
					fmt.Fprintf(w, "upgrade %s at height %d %s\n", p.Name, p.Height, p.Info)
				} else {
					fmt.Fprintln(w, "no upgrade is scheduled")
				}
			}),
		ask("upgrade-applied NAME", "Show the height an upgrade was applied at", 1,
			func(_ *cobra.Command, a []string) (string, error) {
				return "upgrade-applied/" + url.PathEscape(a[0]), nil
			},
			func() any { return new(governance.AppliedView) }, asText),
	)
	return c
}

// proposalsPath builds the proposals query from its filter flags.
func proposalsPath(c *cobra.Command, _ []string) (string, error) {
	q := url.Values{}
	for _, name := range []string{"status", "voter", "depositor"} {
		v, _ := c.Flags().GetString(name)
		if v == "" {
			continue
		}
		if name == "status" {
			if _, err := governance.ParseStatus(v); err != nil {
				return "", cli.Usage(c, err)
			}
		} else {
			a, err := resolveAddress(c, v)
			if err != nil {
				return "", err
			}
			v = a.Hex()
		}
		q.Set(name, v)
	}
	return "proposals?" + q.Encode(), nil
}
