package rpcclient

import rpcclient "github.com/cometbft/cometbft/rpc/client"

func rpcQueryOpts(height int64) rpcclient.ABCIQueryOptions {
	return rpcclient.ABCIQueryOptions{Height: height}
}
