// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IRootDeposit {
    function deposit(address bttcRecipient, uint256 amount) external returns (uint256);
}

/// @title TestToken: an ERC-20 for the bridge's tests, in the shapes root
/// chains have: a standard token (mode 0), one whose transfers return false
/// on success as TRON's USDT does (mode 1), one that burns 1% of every
/// transfer (mode 2), and a hostile one that calls back into the root
/// contract from transferFrom (mode 3).
contract TestToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint8 public immutable mode;
    bool private reentered;

    constructor(uint8 mode_) {
        mode = mode_;
    }

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return mode != 1;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (mode == 3 && !reentered) {
            // Reenter once, as a depositor with funds of its own: without
            // the guard both deposits would land.
            reentered = true;
            balanceOf[address(this)] += 1;
            allowance[address(this)][msg.sender] = 1;
            IRootDeposit(msg.sender).deposit(from, 1);
        }
        require(allowance[from][msg.sender] >= amount, "allowance");
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
        return mode != 1;
    }

    function _move(address from, address to, uint256 amount) private {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += mode == 2 ? amount - amount / 100 : amount;
    }
}
