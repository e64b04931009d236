// Package btt parses and prints amounts of BTT, the chain's token.
//
// BTT has 18 decimals. The base unit is the wei; people read and type btt.
// Amounts are unsigned 256-bit integers (github.com/holiman/uint256) of wei:
// the maximum supply, 990 trillion BTT, is about 9.9e32 wei and does not fit
// 64 bits. Text forms always carry a unit so that "1.5" can never be taken
// for 1.5 wei by mistake:
//
//	1.5btt                     1500000000000000000 wei
//	0.000000000000000001btt    1 wei
//	2000wei                    2000 wei
//
// Negative amounts, exponents, more than 18 decimals and values above
// 2^256-1 are refused with an error naming the input.
package btt
