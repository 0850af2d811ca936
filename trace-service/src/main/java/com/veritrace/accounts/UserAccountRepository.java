package com.veritrace.accounts;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

	Optional<UserAccount> findByEmail(String email);

	@Query("select u from UserAccount u where u.organisationId = ?1 and u.status <> com.veritrace.accounts.UserStatus.REMOVED "
			+ "and (?2 = '' or lower(u.email) like ?2 or lower(u.displayName) like ?2) and u.id > ?3 order by u.id")
	List<UserAccount> page(long organisationId, String like, long afterId, Pageable limit);

	@Query("select count(u) from UserAccount u where u.organisationId = ?1 and u.role = com.veritrace.accounts.Role.OWNER "
			+ "and u.status = com.veritrace.accounts.UserStatus.ACTIVE")
	long countActiveOwners(long organisationId);

	long countByOrganisationId(long organisationId);

	@Query("select u.email from UserAccount u where u.organisationId = ?1 and u.role in ?2 "
			+ "and u.status = com.veritrace.accounts.UserStatus.ACTIVE order by u.id")
	List<String> activeEmails(long organisationId, java.util.Collection<Role> roles);

}
