package speed_test

import (
	"errors"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/state"
	"github.com/bttc-network/bttc/settlement/speed"
	"github.com/bttc-network/bttc/settlement/speed/paych"
)

func TestQueries(t *testing.T) {
	f := newFixture(t, time.Minute)
	payer, payee, other := newParty(t, 1), newParty(t, 2), newParty(t, 3)
	f.fund(payer.addr, uint256.NewInt(1000))
	want := map[paych.ChannelID]bool{}
	for i := 0; i < 5; i++ {
		want[f.open(payer, payee, uint256.NewInt(10))] = true
	}
	f.open(payer, other, uint256.NewInt(10))
	s := speed.New(f.kv)
	if v, err := s.Answer("stats"); err != nil || v.(paych.Stats).Unsettled != 6 {
		t.Fatalf("stats: %+v, %v", v, err)
	}

	// Pages of two by payee: 2, 2, 1, in id order, each id once.
	seen := map[paych.ChannelID]bool{}
	after, pages := "-", 0
	for {
		v, err := s.Answer("channels/payee/" + payee.addr.Hex() + "/" + after + "/2")
		if err != nil {
			t.Fatal(err)
		}
		page := v.(*paych.ChannelPage)
		pages++
		for i, c := range page.Channels {
			if seen[c.ID] || !want[c.ID] || c.Payee != payee.addr {
				t.Fatalf("page %d lists %s twice, or a channel not the payee's", pages, c.ID)
			}
			if i > 0 && page.Channels[i-1].ID.String() >= c.ID.String() {
				t.Fatal("a page is not in id order")
			}
			seen[c.ID] = true
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if len(seen) != 5 || pages != 3 {
		t.Fatalf("%d channels in %d pages, want 5 in 3", len(seen), pages)
	}
	v, err := s.Answer("channels/payer/" + payer.addr.Tron())
	if err != nil || len(v.(*paych.ChannelPage).Channels) != 6 {
		t.Fatalf("by payer in T… form: %v", err)
	}
	next, err := s.Answer("next/" + payer.addr.Hex() + "/" + payee.addr.Hex())
	if err != nil || next.(paych.ChannelID) != paych.NewChannelID(payer.addr, payee.addr, 6) {
		t.Fatalf("next id %v %v", next, err)
	}
	for id := range want {
		v, err := s.Answer("channel/" + id.String())
		if err != nil || v.(*paych.ChannelView).RemainingWei != "10" || v.(*paych.ChannelView).State != paych.Open {
			t.Fatalf("channel view %+v %v", v, err)
		}
		break
	}
	for path, wantErr := range map[string]error{
		"channel/0x12":           state.ErrBadQuery,
		"channel":                state.ErrBadQuery,
		"channel/0x" + zeros(64): paych.ErrNoChannel,
		"channels/payer/nobody":  state.ErrBadQuery,
		"channels/owner/0x00":    state.ErrBadQuery,
		"channels/payee/" + payee.addr.Hex() + "/-/0":    state.ErrBadQuery,
		"channels/payee/" + payee.addr.Hex() + "/-/1001": state.ErrBadQuery,
		"lanes": state.ErrUnknownQuery,
	} {
		if _, err := s.Answer(path); !errors.Is(err, wantErr) {
			t.Errorf("%s: %v, want %v", path, err, wantErr)
		}
	}
	if p, err := s.Answer("params"); err != nil || p.(speed.Params).SettleDelay.Duration != time.Minute {
		t.Fatalf("params %v %v", p, err)
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestParamsBounds(t *testing.T) {
	for d, ok := range map[time.Duration]bool{speed.MinSettleDelay: true, speed.MaxSettleDelay: true,
		speed.MinSettleDelay - 1: false, speed.MaxSettleDelay + 1: false, 0: false} {
		p := speed.DefaultParams()
		p.SettleDelay.Duration = d
		if err := p.Validate(); (err == nil) != ok || (err != nil && !errors.Is(err, paych.ErrBadParams)) {
			t.Errorf("settle delay %s: %v", d, err)
		}
	}
}
