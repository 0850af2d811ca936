package com.veritrace;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code veritrace.crypto.profile}: {@code standard} (SHA-256 log, Ed25519 tree heads) or
 * {@code sm} (国密: SM3 log and documents, SM2 tree heads and cosignatures); see
 * {@link CryptoProfile}.
 */
@Validated
@ConfigurationProperties("veritrace.crypto")
public record CryptoProperties(@DefaultValue("standard") @NotNull CryptoProfile profile) {
}
