// Package contracts holds the BTTC root contract, one Solidity source for
// Ethereum, BNB Chain and TRON (src/BTTCRoot.sol), compiled by the solc
// pinned in package.json (`make contracts`) into build/*.abi and
// build/*.bin, which are committed and embedded here. TestToken is an
// ERC-20 in the three shapes the root chains have, for the tests.
//
// The contract checks what package bridge makes: the same digest (one
// function in each language, compared by a test), the same signer-set hash
// and the same withdrawal tree.
package contracts
