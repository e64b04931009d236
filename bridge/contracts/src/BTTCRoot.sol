// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
}

/// @title BTTCRoot: BitTorrent Chain's bridge contract on a root chain
/// (Ethereum, BNB Chain, TRON), one source for all three.
/// @notice It holds the BTT locked for BTTC, accepts checkpoints signed by
/// BTTC validators holding more than 2/3 of the stake, and pays exits
/// against the withdrawal roots those checkpoints carry. It stores only the
/// hash of the signer set that must sign next. Every signed message is
/// bound to this contract, this chain and one BTTC chain by its digest.
contract BTTCRoot {
    string private constant TAG = "BTTC-BRIDGE";
    uint8 private constant VERSION = 1;
    uint8 private constant KIND_CHECKPOINT = 1;
    uint8 private constant KIND_ADMIN = 2;
    uint8 public constant ACTION_UNPAUSE = 1;
    uint8 public constant ACTION_SET_GUARDIAN = 2;
    uint8 public constant ACTION_SET_LIMITS = 3;
    // Half the secp256k1 group order: higher s values are the malleable twins.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// The root chain id this contract was configured with (never
    /// block.chainid: TRON's TVM answers differently).
    uint256 public immutable rootChainId;
    /// keccak256 of the BTTC chain id.
    bytes32 public immutable bttcChainIdHash;
    address public immutable token;

    bytes32 public signerSetHash;
    uint256 public lastCheckpoint;
    mapping(uint256 => bytes32) public withdrawalsRoot;
    mapping(uint256 => uint256) public firstWithdrawal;
    mapping(uint256 => uint256) public withdrawalCount;
    /// Exits are keyed by withdrawal id, never by the proof's encoding.
    mapping(uint256 => bool) public exited;
    /// Exits above delayThreshold wait until this time (0: none queued).
    mapping(uint256 => uint256) public releaseAt;
    mapping(uint256 => address) private queuedTo;
    mapping(uint256 => uint256) private queuedAmount;

    uint256 public depositNonce;
    address public guardian;
    bool public paused;
    uint256 public adminNonce;

    uint256 public rateLimit;
    uint256 public rateWindow;
    uint256 public windowStart;
    uint256 public windowUsed;
    uint256 public delayThreshold;
    uint256 public delay;

    uint256 private entered = 1;

    struct Checkpoint {
        uint256 number;
        uint256 startHeight;
        uint256 endHeight;
        uint256 firstWithdrawal;
        uint256 withdrawals;
        bytes32 withdrawalsRoot;
        bytes32 setHash;
        bytes32 nextSetHash;
    }

    event Deposit(uint256 indexed nonce, address indexed depositor, address indexed bttcRecipient, uint256 amount);
    event CheckpointAccepted(uint256 indexed number, bytes32 withdrawalsRoot, bytes32 nextSetHash, uint256 signedPower, uint256 totalPower);
    event Exited(uint256 indexed id, address indexed recipient, uint256 amount);
    event ExitQueued(uint256 indexed id, address indexed recipient, uint256 amount, uint256 releaseAt);
    event Paused(address by);
    event Unpaused();
    event GuardianChanged(address guardian);
    event LimitsChanged(uint256 rateLimit, uint256 rateWindow, uint256 delayThreshold, uint256 delay);

    error Reentered();
    error IsPaused();
    error NotGuardian();
    error WrongSignerSet();
    error SignersNotAscending(uint256 index);
    error LengthMismatch();
    error BadSignature(uint256 index);
    error NotEnoughPower(uint256 signed, uint256 total);
    error WrongCheckpointNumber(uint256 got, uint256 want);
    error NoSuchCheckpoint(uint256 number);
    error NotInCheckpoint(uint256 id);
    error BadProof();
    error AlreadyExited(uint256 id);
    error RateLimited(uint256 available, uint256 freesAt);
    error NotQueued(uint256 id);
    error StillDelayed(uint256 releaseAt);
    error ZeroAmount();
    error ZeroAddress();
    error TransferFailed();
    error UnknownAction(uint8 action);

    modifier nonReentrant() {
        if (entered != 1) revert Reentered();
        entered = 2;
        _;
        entered = 1;
    }

    modifier whenNotPaused() {
        if (paused) revert IsPaused();
        _;
    }

    constructor(
        uint256 rootChainId_,
        bytes32 bttcChainIdHash_,
        address token_,
        bytes32 signerSetHash_,
        address guardian_,
        uint256 rateLimit_,
        uint256 rateWindow_,
        uint256 delayThreshold_,
        uint256 delay_
    ) {
        if (token_ == address(0) || guardian_ == address(0)) revert ZeroAddress();
        rootChainId = rootChainId_;
        bttcChainIdHash = bttcChainIdHash_;
        token = token_;
        signerSetHash = signerSetHash_;
        guardian = guardian_;
        rateLimit = rateLimit_;
        rateWindow = rateWindow_;
        delayThreshold = delayThreshold_;
        delay = delay_;
    }

    /// @notice The digest BTTC validators sign for a message of kind.
    function digest(uint8 kind, bytes memory body) public view returns (bytes32) {
        return keccak256(abi.encodePacked(TAG, VERSION, rootChainId, address(this), bttcChainIdHash, kind, body));
    }

    function checkpointDigest(Checkpoint calldata cp) public view returns (bytes32) {
        return digest(
            KIND_CHECKPOINT,
            abi.encode(
                cp.number, cp.startHeight, cp.endHeight, cp.firstWithdrawal, cp.withdrawals, cp.withdrawalsRoot, cp.setHash, cp.nextSetHash
            )
        );
    }

    /// @notice Accepts the next checkpoint, signed by more than 2/3 of the
    /// power of the current signer set, and moves to its next set. sigs
    /// holds 65 bytes [r ‖ s ‖ v] per signer, in the signers' order, all
    /// zero for a signer that did not sign (packed: calldata is most of
    /// the cost per signer).
    function submitCheckpoint(Checkpoint calldata cp, address[] calldata signers, uint256[] calldata powers, bytes calldata sigs)
        external
    {
        if (cp.number != lastCheckpoint + 1) revert WrongCheckpointNumber(cp.number, lastCheckpoint + 1);
        if (cp.setHash != signerSetHash) revert WrongSignerSet();
        (uint256 signed, uint256 total) = _verify(checkpointDigest(cp), signers, powers, sigs);
        lastCheckpoint = cp.number;
        withdrawalsRoot[cp.number] = cp.withdrawalsRoot;
        firstWithdrawal[cp.number] = cp.firstWithdrawal;
        withdrawalCount[cp.number] = cp.withdrawals;
        signerSetHash = cp.nextSetHash;
        emit CheckpointAccepted(cp.number, cp.withdrawalsRoot, cp.nextSetHash, signed, total);
    }

    function _verify(bytes32 d, address[] calldata signers, uint256[] calldata powers, bytes calldata sigs)
        private
        view
        returns (uint256 signed, uint256 total)
    {
        if (signers.length != powers.length || signers.length * 65 != sigs.length) revert LengthMismatch();
        if (keccak256(abi.encode(signers, powers)) != signerSetHash) revert WrongSignerSet();
        bytes32 h = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", d));
        address prev;
        for (uint256 i = 0; i < signers.length; i++) {
            address s = signers[i];
            if (s <= prev) revert SignersNotAscending(i);
            prev = s;
            total += powers[i];
            bytes calldata sig = sigs[i * 65:i * 65 + 65];
            if (sig[64] == 0 && bytes32(sig[0:32]) == 0) continue; // did not sign
            if (_recover(h, sig) != s) revert BadSignature(i);
            signed += powers[i];
        }
        if (signed * 3 <= total * 2) revert NotEnoughPower(signed, total);
    }

    function _recover(bytes32 h, bytes calldata sig) private pure returns (address) {
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) return address(0);
        return ecrecover(h, v, r, s);
    }

    /// @notice Locks amount of the token for bttcRecipient on BTTC. The
    /// amount credited is what the contract received (fee-on-transfer
    /// tokens), under the next gap-free nonce.
    function deposit(address bttcRecipient, uint256 amount) external nonReentrant whenNotPaused returns (uint256 nonce) {
        if (bttcRecipient == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20Balance(token).balanceOf(address(this));
        _call(abi.encodeWithSelector(0x23b872dd, msg.sender, address(this), amount)); // transferFrom
        uint256 received = IERC20Balance(token).balanceOf(address(this)) - before;
        if (received == 0) revert TransferFailed();
        nonce = ++depositNonce;
        emit Deposit(nonce, msg.sender, bttcRecipient, received);
    }

    /// @notice Pays withdrawal id of checkpoint number to recipient,
    /// proven against the checkpoint's withdrawals root; above the delay
    /// threshold it is queued for claim after the delay.
    function exit(uint256 number, uint256 id, address recipient, uint256 amount, bytes32[] calldata proof)
        external
        nonReentrant
        whenNotPaused
    {
        if (number == 0 || number > lastCheckpoint) revert NoSuchCheckpoint(number);
        uint256 first = firstWithdrawal[number];
        if (id < first || id >= first + withdrawalCount[number]) revert NotInCheckpoint(id);
        if (exited[id]) revert AlreadyExited(id);
        bytes32 node = keccak256(abi.encodePacked(bytes1(0x00), abi.encode(rootChainId, address(this), id, recipient, amount)));
        uint256 index = id - first;
        if (proof.length > 32 || index >> proof.length != 0) revert BadProof();
        for (uint256 i = 0; i < proof.length; i++) {
            node = (index & 1 == 1)
                ? keccak256(abi.encodePacked(bytes1(0x01), proof[i], node))
                : keccak256(abi.encodePacked(bytes1(0x01), node, proof[i]));
            index >>= 1;
        }
        if (node != withdrawalsRoot[number]) revert BadProof();
        exited[id] = true;
        _spend(amount);
        if (amount > delayThreshold) {
            uint256 release = block.timestamp + delay;
            releaseAt[id] = release;
            queuedTo[id] = recipient;
            queuedAmount[id] = amount;
            emit ExitQueued(id, recipient, amount, release);
            return;
        }
        _pay(recipient, amount);
        emit Exited(id, recipient, amount);
    }

    /// @notice Pays a queued exit once its delay has passed.
    function claim(uint256 id) external nonReentrant whenNotPaused {
        uint256 release = releaseAt[id];
        if (release == 0) revert NotQueued(id);
        if (block.timestamp < release) revert StillDelayed(release);
        address to = queuedTo[id];
        uint256 amount = queuedAmount[id];
        delete releaseAt[id];
        delete queuedTo[id];
        delete queuedAmount[id];
        _pay(to, amount);
        emit Exited(id, to, amount);
    }

    function _spend(uint256 amount) private {
        if (block.timestamp >= windowStart + rateWindow) {
            windowStart = block.timestamp;
            windowUsed = 0;
        }
        if (windowUsed + amount > rateLimit) {
            revert RateLimited(rateLimit > windowUsed ? rateLimit - windowUsed : 0, windowStart + rateWindow);
        }
        windowUsed += amount;
    }

    // _pay checks the balance moved rather than the return value: TRON's
    // and some BEP-20 tokens return false, or nothing, on success.
    function _pay(address to, uint256 amount) private {
        uint256 before = IERC20Balance(token).balanceOf(address(this));
        _call(abi.encodeWithSelector(0xa9059cbb, to, amount)); // transfer
        if (before - IERC20Balance(token).balanceOf(address(this)) != amount) revert TransferFailed();
    }

    function _call(bytes memory data) private {
        (bool ok,) = token.call(data);
        if (!ok) revert TransferFailed();
    }

    /// @notice The guardian may only pause.
    function pause() external {
        if (msg.sender != guardian) revert NotGuardian();
        paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Unpausing, changing the guardian and changing the limits
    /// take a message signed by more than 2/3 of the current set.
    function admin(uint8 action, bytes calldata data, address[] calldata signers, uint256[] calldata powers, bytes calldata sigs)
        external
    {
        bytes32 d = digest(KIND_ADMIN, abi.encode(adminNonce, action, keccak256(data)));
        _verify(d, signers, powers, sigs);
        adminNonce++;
        if (action == ACTION_UNPAUSE) {
            paused = false;
            emit Unpaused();
        } else if (action == ACTION_SET_GUARDIAN) {
            address g = abi.decode(data, (address));
            if (g == address(0)) revert ZeroAddress();
            guardian = g;
            emit GuardianChanged(g);
        } else if (action == ACTION_SET_LIMITS) {
            (rateLimit, rateWindow, delayThreshold, delay) = abi.decode(data, (uint256, uint256, uint256, uint256));
            emit LimitsChanged(rateLimit, rateWindow, delayThreshold, delay);
        } else {
            revert UnknownAction(action);
        }
    }
}
