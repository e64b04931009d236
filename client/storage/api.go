package storage

import (
	"github.com/holiman/uint256"

	"github.com/bttc-network/bttc/core/address"
	"github.com/bttc-network/bttc/core/btt"
)

// The host's HTTP API, version 1:
//
//	GET  /v1/terms              the host's Terms, as JSON
//	PUT  /v1/files/ROOT?size=N  upload a file of N bytes whose Merkle root is ROOT (0x and 64 hex digits);
//	                            201 when stored, 200 when the host held it already, 422 when the bytes
//	                            do not have that root or size, 413 above the host's MaxSize
//	GET  /v1/files/ROOT         the file, for retrieval (HTTP ranges work)
//
// Errors are JSON: {"error": "..."}.
const (
	pathTerms = "/v1/terms"
	pathFiles = "/v1/files/"
)

// MiB is the unit of the host's prices.
const MiB = 1 << 20

// Terms are what a host asks and offers.
type Terms struct {
	Host     address.Address `json:"host"`
	ChainID  string          `json:"chain_id"`
	LeafSize uint64          `json:"leaf_size"`
	MaxSize  int64           `json:"max_size"`
	// PricePerMiB is the least the host takes a period for each MiB
	// (counted up) of a file; CollateralPerMiB the most collateral it
	// locks for each.
	PricePerMiB      btt.Amount `json:"price_per_mib"`
	CollateralPerMiB btt.Amount `json:"collateral_per_mib"`
}

// PerMiB is amount times the MiB a file of size bytes counts as.
func PerMiB(amount *uint256.Int, size uint64) *uint256.Int {
	mib := (size + MiB - 1) / MiB
	return new(uint256.Int).Mul(amount, uint256.NewInt(max(mib, 1)))
}
