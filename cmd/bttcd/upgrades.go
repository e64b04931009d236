package main

import (
	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/bttc-network/bttc/chain"
)

// upgrades are the software upgrades this binary knows, one per release
// that changes state, named as its software-upgrade proposal names it. A
// node stops at the height of a passed upgrade whose name is not here.
var upgrades []chain.Upgrade

// wrapApp, when set, stands between CometBFT and the application: only the
// end-to-end tests' misbehaving validator sets it (byzantine_e2e.go).
var wrapApp func(abci.Application) abci.Application
