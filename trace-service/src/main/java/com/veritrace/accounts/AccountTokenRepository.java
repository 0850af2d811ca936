package com.veritrace.accounts;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccountTokenRepository extends JpaRepository<AccountToken, Long> {

	/** Locked: two tabs posting the same link cannot both use it. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from AccountToken t where t.tokenHash = ?1")
	Optional<AccountToken> findForUpdate(byte[] tokenHash);

	@Query("select t from AccountToken t where t.tokenHash = ?1")
	Optional<AccountToken> find(byte[] tokenHash);

	/** A new link of a purpose makes the earlier unused ones of that user void. */
	@Modifying
	@Query("update AccountToken t set t.usedAt = ?3 where t.userId = ?1 and t.purpose = ?2 and t.usedAt is null")
	int voidEarlier(long userId, AccountToken.Purpose purpose, java.time.Instant now);

}
