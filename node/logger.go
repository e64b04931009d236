package node

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"reflect"
	"strings"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// cometLogger feeds CometBFT's key-value logs into slog, so that the node
// writes one stream in one format. CometBFT's own habits are mended on the
// way: a nested module becomes one "module" key ("p2p/pex"), a key named
// like slog's own (msg, time, level) is renamed so JSON lines keep unique
// keys, values print as text, not Go pointers, and the errors CometBFT
// logs while shutting down on purpose are logged as what they are.
type cometLogger struct {
	l      *slog.Logger
	module string
}

// CometLogger adapts an slog logger to CometBFT's Logger interface.
func CometLogger(l *slog.Logger) cmtlog.Logger { return cometLogger{l: l} }

func (c cometLogger) Debug(msg string, kv ...any) { c.log(slog.LevelDebug, msg, kv) }
func (c cometLogger) Info(msg string, kv ...any)  { c.log(slog.LevelInfo, msg, kv) }
func (c cometLogger) Error(msg string, kv ...any) {
	level := slog.LevelError
	if shuttingDown(msg, kv) {
		level = slog.LevelInfo
	}
	c.log(level, msg, kv)
}

func (c cometLogger) With(kv ...any) cmtlog.Logger {
	module, rest := c.split(kv)
	return cometLogger{l: c.l.With(rest...), module: module}
}

// split takes the module out of kv (joined to the one c already has) and
// renames keys that would clash with slog's.
func (c cometLogger) split(kv []any) (module string, rest []any) {
	module = c.module
	for i := 0; i+1 < len(kv); i += 2 {
		key := fmt.Sprint(kv[i])
		if key == "module" {
			if m := fmt.Sprint(kv[i+1]); module == "" {
				module = m
			} else if !strings.HasSuffix(module, "/"+m) && module != m {
				module += "/" + m
			}
			continue
		}
		switch key {
		case slog.MessageKey, slog.TimeKey, slog.LevelKey:
			key = "detail_" + key
		}
		rest = append(rest, key, text(kv[i+1]))
	}
	if len(kv)%2 == 1 {
		rest = append(rest, "extra", text(kv[len(kv)-1]))
	}
	return module, rest
}

func (c cometLogger) log(level slog.Level, msg string, kv []any) {
	if !c.l.Enabled(context.Background(), level) {
		return
	}
	module, rest := c.split(kv)
	if module != "" {
		rest = append([]any{"module", module}, rest...)
	}
	c.l.Log(context.Background(), level, msg, rest...)
}

// text turns one of CometBFT's values into what a person can read.
func text(v any) any {
	switch v := v.(type) {
	case string, bool, int, int32, int64, uint, uint32, uint64, float64:
		return v
	case error:
		return v.Error()
	case net.Listener:
		return v.Addr().String()
	case fmt.Stringer:
		return v.String()
	case nil:
		return nil
	}
	if k := reflect.TypeOf(v).Kind(); k == reflect.Pointer || k == reflect.Struct || k == reflect.Func || k == reflect.Chan {
		return fmt.Sprintf("%T", v) // a Go value with nothing to say to people
	}
	return fmt.Sprint(v)
}

// cleanStop lists what CometBFT logs as errors when it stops on purpose.
var cleanStop = []string{
	"Stopped accept routine, as transport is closed",
	"use of closed network connection",
	"http: Server closed",
}

func shuttingDown(msg string, kv []any) bool {
	all := msg
	for _, v := range kv {
		if err, ok := v.(error); ok {
			all += " " + err.Error()
		}
	}
	for _, s := range cleanStop {
		if strings.Contains(all, s) {
			return true
		}
	}
	return false
}
