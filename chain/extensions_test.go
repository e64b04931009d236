package chain

import (
	"context"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
)

// echoExtender is a test extender: it extends with the height's low byte
// and verifies that a payload is that byte.
type echoExtender struct{ fail bool }

func (echoExtender) Name() string { return "echo" }

func (e echoExtender) Extend(_ context.Context, h int64) ([]byte, error) {
	if e.fail {
		return nil, errors.New("no observation")
	}
	return []byte{byte(h)}, nil
}

func (echoExtender) Verify(h int64, _ []byte, p []byte) error {
	if len(p) != 1 || p[0] != byte(h) {
		return errors.New("wrong echo")
	}
	return nil
}

func TestVoteExtensionSeam(t *testing.T) {
	ctx := context.Background()
	bare := newTestChain(t, memStore(t), appStateFor(nil), Config{}).app
	withEcho := newTestChain(t, memStore(t), appStateFor(nil), Config{}).app
	withEcho.RegisterVoteExtender(echoExtender{})
	failing := newTestChain(t, memStore(t), appStateFor(nil), Config{}).app
	failing.RegisterVoteExtender(echoExtender{fail: true})

	extend := func(a *App, h int64) []byte {
		res, err := a.ExtendVote(ctx, &abci.RequestExtendVote{Height: h})
		if err != nil {
			t.Fatal(err)
		}
		return res.VoteExtension
	}
	verify := func(a *App, h int64, ext []byte) bool {
		res, err := a.VerifyVoteExtension(ctx, &abci.RequestVerifyVoteExtension{Height: h, VoteExtension: ext})
		if err != nil {
			t.Fatal(err)
		}
		return res.Status == abci.ResponseVerifyVoteExtension_ACCEPT
	}
	tests := []struct {
		name     string
		verifier *App
		ext      []byte
		height   int64
		accept   bool
	}{
		{"no extenders: empty list accepted", bare, extend(bare, 5), 5, true},
		{"no extenders: payload refused", bare, extend(withEcho, 5), 5, false},
		{"echo: own extension accepted", withEcho, extend(withEcho, 7), 7, true},
		{"echo: extension for another height refused", withEcho, extend(withEcho, 7), 8, false},
		{"echo: failed extender's empty payload tolerated", withEcho, extend(failing, 9), 9, true},
		{"echo: missing entry refused", withEcho, extend(bare, 7), 7, false},
		{"garbage refused", withEcho, []byte{0xff, 0x01}, 7, false},
		{"oversized refused", bare, make([]byte, MaxVoteExtensionBytes+1), 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if have := verify(tt.verifier, tt.height, tt.ext); have != tt.accept {
				t.Fatalf("accepted = %v, want %v", have, tt.accept)
			}
		})
	}
}
