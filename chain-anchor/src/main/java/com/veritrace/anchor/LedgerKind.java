package com.veritrace.anchor;

/** The kinds of ledger a tree head can be anchored on. */
public enum LedgerKind {

	/** Single-node ledger inside the application (default run mode). */
	EMBEDDED,

	/**
	 * Any EVM chain (Hyperledger Besu, FISCO BCOS EVM, ChainMaker EVM, anvil for tests).
	 */
	EVM,

	/** JD Chain. */
	JDCHAIN

}
