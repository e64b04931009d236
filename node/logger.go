package node

import (
	"context"
	"fmt"
	"log/slog"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// cometLogger feeds CometBFT's key-value logs into slog.
type cometLogger struct{ l *slog.Logger }

// CometLogger adapts an slog logger to CometBFT's Logger interface.
func CometLogger(l *slog.Logger) cmtlog.Logger { return cometLogger{l} }

func (c cometLogger) Debug(msg string, kv ...any) { c.log(slog.LevelDebug, msg, kv) }
func (c cometLogger) Info(msg string, kv ...any)  { c.log(slog.LevelInfo, msg, kv) }
func (c cometLogger) Error(msg string, kv ...any) { c.log(slog.LevelError, msg, kv) }

func (c cometLogger) With(kv ...any) cmtlog.Logger { return cometLogger{c.l.With(stringify(kv)...)} }

func (c cometLogger) log(level slog.Level, msg string, kv []any) {
	if !c.l.Enabled(context.Background(), level) {
		return
	}
	c.l.Log(context.Background(), level, msg, stringify(kv)...)
}

// stringify turns CometBFT's values (often fmt.Stringers of big structs)
// into strings so every handler prints them the same way.
func stringify(kv []any) []any {
	out := make([]any, len(kv))
	for i, v := range kv {
		switch v := v.(type) {
		case string, int, int64, uint64, bool, error:
			out[i] = v
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}
