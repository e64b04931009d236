package main

import "github.com/bttc-network/bttc/chain"

// upgrades are the software upgrades this binary knows, one per release
// that changes state, named as its software-upgrade proposal names it. A
// node stops at the height of a passed upgrade whose name is not here.
var upgrades []chain.Upgrade
