// Package bank holds BTT balances: one account record per address (balance
// and nonce together, so a transfer touches two keys), the total supply,
// transfers, and module accounts that hold escrowed BTT for other modules.
//
// Invariants, checked by Invariant and by the application's tests:
//
//   - the total supply equals the sum of every account's balance;
//   - no balance is negative (balances are uint256; every subtraction is
//     checked first and fails with ErrInsufficientFunds);
//   - blocked addresses (module accounts and any listed in params) never
//     receive BTT from a plain send, only through their module.
//
// Bank is part of the chain kernel: modules reach it through the small
// interfaces they declare, and chain wires this package in.
package bank
