package chain

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/tx"
)

// TestVerifyStream: results come back in input order whether the sender
// was cached before (CheckTx saw it) or recovered in the background, an
// invalid transaction carries its error, and every result is cached after.
func TestVerifyStream(t *testing.T) {
	app, err := New(memStore(t), Config{SenderCacheSize: 1_000})
	if err != nil {
		t.Fatal(err)
	}
	users := make([]*user, 40)
	raws := make([][]byte, 0, len(users)+1)
	for i := range users {
		users[i] = newUser(t)
		raws = append(raws, users[i].sign(t, testChainID, 40_000, sendMsg(address.Address{1}, uint256.NewInt(1))))
	}
	raws = append(raws, []byte("not a transaction"))
	for i := 0; i < len(users); i += 3 {
		app.verify(raws[i]) // cached, as after CheckTx
	}
	get := app.verifyStream(raws)
	for i, u := range users {
		v := get(i)
		if v.err != nil || v.sender != u.addr {
			t.Fatalf("tx %d: sender %s, err %v; want %s", i, v.sender, v.err, u.addr)
		}
	}
	if v := get(len(users)); v.err == nil {
		t.Fatal("garbage verified")
	}
	for i, raw := range raws {
		if app.senders.get(tx.Hash(raw)) == nil {
			t.Fatalf("tx %d not cached", i)
		}
	}
}
