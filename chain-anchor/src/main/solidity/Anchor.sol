// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Veritrace tree-head anchor
/// @notice Stores the root hash of a Veritrace Merkle log per tree size, write-once, so that
///         anyone can check a proof against a root that the log operator cannot change later.
/// @dev Rebuild the committed ABI/bytecode with deploy/evm/compile.sh (solc 0.8.28, EVM paris).
contract Anchor {
    struct Head {
        bytes32 root;
        uint64 headTimestamp; // tree head time, ms since epoch (from the signed tree head)
        uint64 anchoredAt;    // block timestamp, s since epoch
        uint8 algorithm;      // 1 = SHA-256, 2 = SM3
    }

    address public immutable owner;
    uint64 public latestTreeSize;
    mapping(uint64 => Head) private heads;

    /// @notice Emitted once per anchored tree head; carries the Ed25519 signature for auditors.
    event RootAnchored(
        uint64 indexed treeSize, bytes32 indexed root, uint8 algorithm, uint64 headTimestamp, bytes signature
    );

    error NotOwner(address caller);
    error EmptyTree();
    error AlreadyAnchored(uint64 treeSize, bytes32 root);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Anchors the root of the tree of `treeSize` leaves. Reverts if that size is anchored.
    function anchor(uint64 treeSize, bytes32 root, uint8 algorithm, uint64 headTimestamp, bytes calldata signature)
        external
    {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (treeSize == 0) revert EmptyTree();
        Head storage existing = heads[treeSize];
        if (existing.root != bytes32(0)) revert AlreadyAnchored(treeSize, existing.root);
        heads[treeSize] = Head(root, headTimestamp, uint64(block.timestamp), algorithm);
        if (treeSize > latestTreeSize) latestTreeSize = treeSize;
        emit RootAnchored(treeSize, root, algorithm, headTimestamp, signature);
    }

    /// @notice The anchored head of `treeSize`; root is zero when nothing was anchored.
    function headOf(uint64 treeSize)
        external
        view
        returns (bytes32 root, uint64 headTimestamp, uint64 anchoredAt, uint8 algorithm)
    {
        Head storage h = heads[treeSize];
        return (h.root, h.headTimestamp, h.anchoredAt, h.algorithm);
    }
}
