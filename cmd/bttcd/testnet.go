package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/holiman/uint256"
	"github.com/spf13/cobra"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/internal/cli"
	"github.com/bttc-network/bttc/node"
)

func newTestnetCmd() *cobra.Command {
	c := &cobra.Command{Use: "testnet", Short: "Run a network of several validators on this machine"}
	c.AddCommand(newTestnetInitCmd(), newTestnetStartCmd())
	return c
}

func newTestnetInitCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "init-files --validators N --output-dir DIR",
		Short: "Write the homes of a local network: keys, one shared genesis, peers wired",
		Long: `Write DIR/node0 … DIR/node<N-1>: each a home with its node and consensus keys
and an operator key ("operator", test keyring, no passphrase). One genesis holds
all N as validators with funded operators; each node lists the others as
persistent peers. Node i listens on 127.0.0.1 at --starting-port + 10i (P2P),
+1 (RPC) and +2 (Prometheus). Blocks come every second; unbonding takes 10
minutes and governance votes for 2, as on the dev chain.`,
		Example: "  bttcd testnet init-files --validators 4 --output-dir ./localnet\n  bttcd testnet start --output-dir ./localnet",
		Args:    cli.ExactArgs(0, "none (everything is a flag)"),
		RunE: func(c *cobra.Command, _ []string) error {
			f := c.Flags()
			n, _ := f.GetInt("validators")
			dir, _ := f.GetString("output-dir")
			chainID, _ := f.GetString("chain-id")
			port, _ := f.GetInt("starting-port")
			bondText, _ := f.GetString("self-bond")
			fundsText, _ := f.GetString("funds")
			bond, err := btt.Parse(bondText)
			if err != nil {
				return cli.Usage(c, fmt.Errorf("--self-bond: %w", err))
			}
			funds, err := btt.Parse(fundsText)
			if err != nil {
				return cli.Usage(c, fmt.Errorf("--funds: %w", err))
			}
			if lo, hi, ok := ephemeralPorts(); ok && port+10*(n-1)+2 >= lo && port <= hi {
				fmt.Fprintf(c.ErrOrStderr(), "Warning: ports %d to %d overlap the kernel's ephemeral range %d-%d, which outgoing connections draw from; a node may fail to bind. A --starting-port below %d avoids it.\n",
					port, port+10*(n-1)+2, lo, hi, lo-10*n)
			}
			tune := genesis.Local
			if path, _ := f.GetString("fund-file"); path != "" {
				extra := map[address.Address]*uint256.Int{}
				if _, err := readFundFile(path, extra); err != nil {
					return err
				}
				tune = func(st *genesis.AppState) { genesis.Local(st); addFunded(st, extra) }
			}
			nodes, err := node.InitTestnet(node.TestnetOptions{Dir: dir, Validators: n, ChainID: chainID, StartingPort: port,
				SelfBond: bond, Funds: funds, KeystoreDir: keystoreTestDir, TuneGenesis: tune})
			if err != nil {
				return err
			}
			type out struct {
				Home     string `json:"home"`
				NodeID   string `json:"node_id"`
				Operator string `json:"operator"`
				Mnemonic string `json:"mnemonic"`
				RPC      string `json:"rpc"`
			}
			list := make([]out, len(nodes))
			for i, nd := range nodes {
				list[i] = out{nd.Home, nd.NodeID, nd.Operator.Hex(), nd.Mnemonic, fmt.Sprintf("tcp://127.0.0.1:%d", nd.RPCPort)}
			}
			return printOut(c, list, func(w io.Writer) {
				fmt.Fprintf(w, "Local network %q: %d validators in %s\n\n", chainID, n, dir)
				for i, o := range list {
					fmt.Fprintf(w, "node%d  rpc %s  operator %s\n       mnemonic: %s\n", i, o.RPC, o.Operator, o.Mnemonic)
				}
				fmt.Fprintf(w, "\nStart all:   bttcd testnet start --output-dir %s\n", dir)
				fmt.Fprintf(w, "Or one:      bttcd start --home %s\n", list[0].Home)
				fmt.Fprintf(w, "Use a key:   bttcd tx bank send ... --from operator --keyring-backend test --home %s --node %s\n", list[0].Home, list[0].RPC)
			})
		},
	}
	f := c.Flags()
	f.Int("validators", 4, "how many validators")
	f.String("output-dir", "./localnet", "where the homes are written (must be empty or absent)")
	f.String("chain-id", "bttc-localnet", "chain id (must name a local chain: dev, local or localnet in it)")
	f.Int("starting-port", 26656, "node 0's P2P port; node i uses this + 10i")
	f.String("self-bond", "1000000btt", "each validator's bonded stake")
	f.String("funds", "1000000000btt", "each operator's spendable balance")
	f.String("fund-file", "", "also fund the accounts of this file: ADDRESS,AMOUNT a line")
	addOutputFlag(c)
	return c
}

// testnetHomes lists DIR/node<i> in order.
func testnetHomes(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (create it with `bttcd testnet init-files`)", dir, err)
	}
	type home struct {
		i    int
		path string
	}
	var homes []home
	for _, e := range entries {
		if i, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "node")); e.IsDir() && err == nil && strings.HasPrefix(e.Name(), "node") {
			homes = append(homes, home{i, filepath.Join(dir, e.Name())})
		}
	}
	if len(homes) == 0 {
		return nil, fmt.Errorf("%s holds no node homes (create them with `bttcd testnet init-files`)", dir)
	}
	sort.Slice(homes, func(a, b int) bool { return homes[a].i < homes[b].i })
	out := make([]string, len(homes))
	for i, h := range homes {
		out[i] = h.path
	}
	return out, nil
}

func newTestnetStartCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "start --output-dir DIR",
		Short: "Run every node of a local network as its own process until Ctrl-C",
		Long: `Run 'bttcd start' for each home in DIR as a separate process, each logging to
HOME/bttcd.log. SIGINT or SIGTERM stops them all cleanly; the supervisor's pid
is in DIR/testnet.pid (make localnet-stop uses it). A node that exits on its
own is reported and the others keep running.`,
		Args: cli.ExactArgs(0, "none"),
		RunE: func(c *cobra.Command, _ []string) error {
			dir, _ := c.Flags().GetString("output-dir")
			homes, err := testnetHomes(dir)
			if err != nil {
				return err
			}
			if err := checkTestnetFree(c, homes); err != nil {
				return err
			}
			self, err := os.Executable()
			if err != nil {
				return err
			}
			pidFile := filepath.Join(dir, "testnet.pid")
			if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
				return err
			}
			defer os.Remove(pidFile)
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			w := c.ErrOrStderr()
			type exit struct {
				name string
				err  error
			}
			exits := make(chan exit, len(homes))
			var procs []*os.Process
			for _, h := range homes {
				logf, err := os.OpenFile(filepath.Join(h, "bttcd.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
				if err != nil {
					return err
				}
				cmd := exec.Command(self, "start", "--home", h)
				cmd.Stdout, cmd.Stderr = logf, logf
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches the supervisor only
				if err := cmd.Start(); err != nil {
					logf.Close()
					return fmt.Errorf("start %s: %w", h, err)
				}
				name := filepath.Base(h)
				go func() {
					err := cmd.Wait()
					logf.Close()
					exits <- exit{name, err}
				}()
				procs = append(procs, cmd.Process)
				fmt.Fprintf(w, "%s: pid %d, log %s\n", name, cmd.Process.Pid, filepath.Join(h, "bttcd.log"))
			}
			fmt.Fprintf(w, "%d nodes running; stop them with Ctrl-C, or with kill %d (make localnet-stop) when in the background\n", len(procs), os.Getpid())
			running := len(procs)
			for running > 0 {
				select {
				case e := <-exits:
					running--
					fmt.Fprintf(w, "%s exited (%v); see its log\n", e.name, e.err)
				case <-ctx.Done():
					fmt.Fprintln(w, "stopping all nodes")
					for _, p := range procs {
						_ = p.Signal(syscall.SIGTERM)
					}
					deadline := time.After(30 * time.Second)
					for ; running > 0; running-- {
						select {
						case <-exits:
						case <-deadline:
							for _, p := range procs {
								_ = p.Kill()
							}
							return errors.New("some nodes did not stop within 30 s and were killed")
						}
					}
				}
			}
			return nil
		},
	}
	c.Flags().String("output-dir", "./localnet", "the directory init-files wrote")
	return c
}

// ephemeralPorts reads the kernel's range for outgoing connections.
func ephemeralPorts() (lo, hi int, ok bool) {
	raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0, false
	}
	if _, err := fmt.Sscan(string(raw), &lo, &hi); err != nil {
		return 0, 0, false
	}
	return lo, hi, true
}

// checkTestnetFree fails before anything starts when a node's home is in
// use or one of its ports is taken, naming the port and, when a node
// answers there, its chain.
func checkTestnetFree(c *cobra.Command, homes []string) error {
	for _, h := range homes {
		if err := node.CheckHomeFree(h); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(h), err)
		}
		cfg, err := loadCometConfig(c, h)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(h), err)
		}
		addrs := map[string]string{"P2P": cfg.P2P.ListenAddress, "RPC": cfg.RPC.ListenAddress}
		if cfg.Instrumentation.Prometheus {
			addrs["Prometheus"] = cfg.Instrumentation.PrometheusListenAddr
		}
		for _, what := range []string{"RPC", "P2P", "Prometheus"} { // RPC first: a node there says its chain
			addr, ok := addrs[what]
			if !ok {
				continue
			}
			hostPort := strings.TrimPrefix(addr, "tcp://")
			l, err := net.Listen("tcp", hostPort)
			if err == nil {
				l.Close()
				continue
			}
			holder := "another process"
			if chainID := chainAt(hostPort); chainID != "" {
				holder = fmt.Sprintf("a node of chain %q (a dev chain or another local network?)", chainID)
			}
			return fmt.Errorf("%s: its %s port %s is taken by %s; stop it, or make the network anew with another --starting-port; no node was started", filepath.Base(h), what, hostPort, holder)
		}
	}
	return nil
}

// chainAt asks a CometBFT RPC at hostPort for its chain id; "" if none
// answers.
func chainAt(hostPort string) string {
	client := http.Client{Timeout: time.Second}
	resp, err := client.Get("http://" + hostPort + "/status")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var st struct {
		Result struct {
			NodeInfo struct {
				Network string `json:"network"`
			} `json:"node_info"`
		} `json:"result"`
	}
	if json.NewDecoder(resp.Body).Decode(&st) != nil {
		return ""
	}
	return st.Result.NodeInfo.Network
}
