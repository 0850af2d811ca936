package com.veritrace.tenancy;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.NotFoundException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who did what: logins, keys created and revoked, code jobs issued, grants and roles
 * changed. Written in the transaction of the change it records (a change that rolls back
 * leaves no line); read by the organisation's owners and admins (scope
 * {@code keys:manage}) and the platform operator.
 */
@Service
public class AuditLog {

	static final int MAX_PAGE = 200;

	private final AuditEntryRepository entries;

	private final Clock clock;

	AuditLog(AuditEntryRepository entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	/** Records what {@code caller} did in its own organisation. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Caller caller, String action, @Nullable String target, @Nullable String detail) {
		record(caller.organisationId(), caller, action, target, detail);
	}

	/**
	 * Records what {@code caller} did to {@code organisationId} (the platform operator
	 * acting on an organisation: the line is that organisation's).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(long organisationId, Caller caller, String action, @Nullable String target,
			@Nullable String detail) {
		this.entries.save(new AuditEntry(organisationId, this.clock.instant(),
				caller.isPerson() ? caller.userId() : null, caller.isPerson() ? null : caller.apiKeyId(),
				caller.label(), action, clip(target, 300), clip(detail, 1000)));
	}

	/** Records what a person did before they were a caller (a login, a failed login). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordPerson(long organisationId, long userId, String label, String action, @Nullable String detail) {
		this.entries.save(new AuditEntry(organisationId, this.clock.instant(), userId, null, clip(label, 300), action,
				null, clip(detail, 1000)));
	}

	/**
	 * An organisation's log, newest first, {@code limit} lines before {@code beforeId}.
	 */
	@Transactional(readOnly = true)
	public List<AuditEntry> read(Caller caller, long organisationId, @Nullable Long beforeId, int limit) {
		if (caller.organisationId() != organisationId && !caller.isPlatformAdmin()) {
			throw NotFoundException.of("Organisation", "No organisation " + organisationId);
		}
		if (!caller.isPlatformAdmin() && !caller.has(Scope.KEYS_MANAGE)) {
			throw ForbiddenException.of("The audit log is for the organisation's owners and admins");
		}
		return this.entries.page(organisationId, beforeId == null ? Long.MAX_VALUE : beforeId,
				PageRequest.of(0, Math.max(1, Math.min(limit, MAX_PAGE))));
	}

	private static @Nullable String clip(@Nullable String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
	}

}
