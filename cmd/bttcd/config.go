package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"golang.org/x/term"

	"github.com/bttc-network/bttc/genesis"
	"github.com/bttc-network/bttc/node"
)

const (
	flagHome   = "home"
	envPrefix  = "BTTCD"
	defaultDir = ".bttcd"
)

func defaultHome() string {
	if h := os.Getenv(envPrefix + "_HOME"); h != "" {
		return h
	}
	dir, err := os.UserHomeDir()
	if err != nil {
		return defaultDir
	}
	return filepath.Join(dir, defaultDir)
}

// newViper returns a viper that reads BTTCD_* variables and the command's
// flags: flag > environment > file > default.
func newViper(flags *pflag.FlagSet) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	var err error
	if flags != nil {
		flags.VisitAll(func(f *pflag.Flag) {
			if _, skip := f.Annotations[notConfig]; !skip && err == nil {
				err = v.BindPFlag(f.Name, f)
			}
		})
	}
	return v, err
}

// notConfig annotates a flag that is no config key, such as dev's --bridge
// beside app.toml's [bridge] tables.
const notConfig = "bttcd-not-config"

func homeOf(c *cobra.Command) string {
	h, _ := c.Flags().GetString(flagHome)
	return h
}

// loadCometConfig reads config.toml with overrides from flags and the
// environment.
func loadCometConfig(c *cobra.Command, home string) (*cmtcfg.Config, error) {
	path := filepath.Join(home, "config", "config.toml")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s not found: run 'bttcd init <moniker> --chain-id <id> --home %s' first", path, home)
	}
	v, err := newViper(c.Flags())
	if err != nil {
		return nil, err
	}
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("config.toml: %v", err)
	}
	cfg := cmtcfg.DefaultConfig()
	if err := v.Unmarshal(cfg); err != nil {
		return nil, fmt.Errorf("config.toml: %v", err)
	}
	cfg.SetRoot(home)
	if err := cfg.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("config.toml: %v", err)
	}
	if _, err := parseLogLevel(cfg.LogLevel); err != nil {
		return nil, fmt.Errorf("config.toml: %w", err)
	}
	return cfg, nil
}

// configWarnings reads the home's files as they are, without flags or the
// environment, and lists what is suspicious but not fatal: keys no
// setting has (a typo is otherwise silently ignored) and a missing
// app.toml (whose defaults then apply).
func configWarnings(home string) []string {
	var warnings []string
	check := func(name string, into any) {
		path := filepath.Join(home, "config", name)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			warnings = append(warnings, fmt.Sprintf("%s is missing: the defaults apply (bttcd init --overwrite writes one)", path))
			return
		}
		v := viper.New()
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return // loading it reports this
		}
		if err := v.UnmarshalExact(into); err != nil {
			msg := err.Error()
			if i := strings.Index(msg, "has invalid keys: "); i >= 0 {
				msg = "unknown keys, ignored: " + msg[i+len("has invalid keys: "):]
			}
			warnings = append(warnings, fmt.Sprintf("%s: %s", path, msg))
		}
	}
	check("config.toml", cmtcfg.DefaultConfig())
	appCfg := node.DefaultAppConfig()
	check("app.toml", &appCfg)
	return warnings
}

// loadAppConfig reads app.toml with overrides from flags and the
// environment.
func loadAppConfig(c *cobra.Command, home string) (node.AppConfig, error) {
	path := filepath.Join(home, "config", "app.toml")
	v, err := newViper(c.Flags())
	if err != nil {
		return node.AppConfig{}, err
	}
	def := node.DefaultAppConfig()
	v.SetDefault("minimum-gas-price", def.MinimumGasPrice)
	v.SetDefault("iavl-cache-nodes", def.IAVLCacheNodes)
	v.SetDefault("sender-cache-size", def.SenderCacheSize)
	v.SetDefault("log-format", def.LogFormat)
	v.SetDefault("pruning", def.Pruning)
	v.SetDefault("pruning-keep-recent", def.PruningKeepRecent)
	v.SetDefault("pruning-interval", def.PruningInterval)
	v.SetDefault("min-retain-blocks", def.MinRetainBlocks)
	v.SetDefault("snapshot-interval", def.SnapshotInterval)
	v.SetDefault("snapshot-keep-recent", def.SnapshotKeepRecent)
	if _, err := os.Stat(path); err == nil {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return node.AppConfig{}, fmt.Errorf("app.toml: %v", err)
		}
	}
	var cfg node.AppConfig
	if err := v.Unmarshal(&cfg); err != nil {
		return node.AppConfig{}, fmt.Errorf("app.toml: %v", err)
	}
	// A root chain's RPC may come from the environment alone
	// (BTTCD_BRIDGE_ETHEREUM_RPC), which Unmarshal does not see.
	for _, name := range []string{"ethereum", "bsc", "tron"} {
		if rpc := v.GetString("bridge." + name + ".rpc"); rpc != "" {
			if cfg.Bridge == nil {
				cfg.Bridge = map[string]node.BridgeRPC{}
			}
			cfg.Bridge[name] = node.BridgeRPC{RPC: rpc}
		}
	}
	return cfg, nil
}

// parseLogLevel reads log_level: debug, info, warn or error.
func parseLogLevel(level string) (slog.Level, error) {
	switch strings.ToLower(level) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("log_level %q: want debug, info, warn or error", level)
}

// newLogger builds the node's logger: JSON unless stderr is a terminal.
// The level was checked when the config was loaded.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	lvl, _ := parseLogLevel(level)
	opts := &slog.HandlerOptions{Level: lvl}
	if format == "text" || (format == "auto" && isTerminal(w)) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// homeChainID reads the chain id of the home's genesis, or "" if it has none.
func homeChainID(home string) string {
	doc, _, err := genesis.Load(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		return ""
	}
	return doc.ChainID
}
