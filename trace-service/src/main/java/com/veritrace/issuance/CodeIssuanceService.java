package com.veritrace.issuance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.codes.NumericSerials;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issuance jobs: a brand asks for N codes of one of its products and lots; the job is
 * validated and stored at once (idempotent on the brand's request id, QUEUED) and handed
 * to the {@link CodeJobRunner} after the transaction commits. The registry treats codes
 * of a job that has not COMPLETED as unknown, so nothing half-issued is ever visible. A
 * brand reads its jobs here; their print files come from the {@link PrintFileService}.
 */
@Service
public class CodeIssuanceService {

	private static final Logger log = LoggerFactory.getLogger(CodeIssuanceService.class);

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private final CodeJobRepository jobs;

	private final CatalogService catalog;

	private final CodesProperties properties;

	private final TransactionTemplate transactions;

	private final CodeJobRunner runner;

	private final Clock clock;

	private final AuditLog audit;

	CodeIssuanceService(CodeJobRepository jobs, CatalogService catalog, CodesProperties properties,
			PlatformTransactionManager transactionManager, CodeJobRunner runner, Clock clock, AuditLog audit) {
		this.audit = audit;
		this.jobs = jobs;
		this.catalog = catalog;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
		this.runner = runner;
		this.clock = clock;
	}

	/**
	 * What to issue.
	 *
	 * @param companyPrefixLength digits of the GS1 Company Prefix inside the GTIN
	 * (6..12): required for SGTIN_96, optional for DIGITAL_LINK (then the CSV carries
	 * each code's EPC URI)
	 * @param filter SGTIN-96 filter value 0..7 (default 1, point-of-sale trade item)
	 * @param drugCode the 7-digit drug identification code (NMPA only)
	 */
	public record IssueRequest(String requestId, String gtin, String lotNumber, long quantity, CodeFormat format,
			@Nullable Integer companyPrefixLength, @Nullable Integer filter, @Nullable String drugCode) {
	}

	/**
	 * A job and whether this request created it (false: the request id was seen before).
	 */
	public record Submitted(CodeJob job, boolean created) {
	}

	/** Validates and stores the job (QUEUED); it starts after the transaction commits. */
	@Transactional
	public Submitted submit(Caller caller, IssueRequest request) {
		return submit(caller, request, true);
	}

	private Submitted submit(Caller caller, IssueRequest request, boolean startInBackground) {
		requireIssuer(caller);
		validate(request);
		String gtin = CatalogService.gtin(request.gtin());
		CodeJob before = this.jobs.findByRequest(caller.organisationId(), request.requestId()).orElse(null);
		if (before != null) {
			return new Submitted(sameAs(before, request, gtin), false);
		}
		Product product = this.catalog.findByGtin(gtin)
			.filter(p -> p.getBrandId() == caller.organisationId())
			.orElseThrow(() -> CatalogService.notFound(gtin));
		if (!product.isActive()) {
			throw ConflictException.of("GTIN " + gtin + " is deactivated: it gets no new codes until it is reactivated",
					"gtin");
		}
		Lot lot = this.catalog.findLot(product.getId(), request.lotNumber())
			.orElseThrow(() -> NotFoundException.of("Lot", "No lot '" + request.lotNumber() + "' of GTIN " + gtin
					+ "; create it first (POST /api/v1/products/" + gtin + "/lots)"));
		Long first = switch (request.format()) {
			case DIGITAL_LINK -> null;
			case SGTIN_96 -> reserve("sgtin96:" + gtin, request.quantity(), NumericSerials.SGTIN96_CAPACITY,
					"SGTIN-96 serials of GTIN " + gtin);
			case NMPA -> reserve("nmpa:" + request.drugCode(), request.quantity(), NumericSerials.NMPA_CAPACITY,
					"serials of drug code " + request.drugCode());
		};
		Integer filter = request.format() == CodeFormat.SGTIN_96
				? (request.filter() == null ? Integer.valueOf(1) : request.filter()) : null;
		CodeJob job = new CodeJob(0, caller.organisationId(), request.requestId(), product.getId(), gtin, lot.getId(),
				lot.getLotNumber(), request.format(), request.quantity(), 0, this.properties.resolver(),
				request.companyPrefixLength(), filter, request.format() == CodeFormat.NMPA ? request.drugCode() : null,
				first, CodeJob.Status.QUEUED, null, this.clock.instant(), null, null);
		long id;
		try {
			id = this.jobs.insert(job);
		}
		catch (DuplicateKeyException race) {
			CodeJob other = this.jobs.findByRequest(caller.organisationId(), request.requestId()).orElseThrow();
			return new Submitted(sameAs(other, request, gtin), false);
		}
		log.info("Code job {} queued: {} {} codes of GTIN {} lot {} for brand {}", id, request.quantity(),
				request.format(), gtin, lot.getLotNumber(), caller.organisationId());
		this.audit.record(caller, "codes.issued", "code job " + id,
				request.quantity() + " " + request.format() + " codes of GTIN " + gtin + " lot " + lot.getLotNumber());
		if (startInBackground) {
			afterCommit(() -> this.runner.start(id));
		}
		return new Submitted(this.jobs.find(id).orElseThrow(), true);
	}

	/**
	 * Submits and runs the job on the calling thread (demo seeding); the job is COMPLETED
	 * on return.
	 */
	public CodeJob issueNow(Caller caller, IssueRequest request) {
		Submitted submitted = Objects
			.requireNonNull(this.transactions.execute(status -> submit(caller, request, false)));
		if (submitted.created()) {
			this.runner.run(submitted.job().id());
		}
		CodeJob job = this.jobs.find(submitted.job().id()).orElseThrow();
		if (job.status() != CodeJob.Status.COMPLETED) {
			throw new IllegalStateException("code job " + job.id() + " ended " + job.status() + ": " + job.failure());
		}
		return job;
	}

	/**
	 * The first {@code limit} serials of a brand's job by request id (empty when there is
	 * no such completed job).
	 */
	@Transactional(readOnly = true)
	public List<String> serialsOfRequest(long brandId, String requestId, int limit) {
		CodeJob job = this.jobs.findByRequest(brandId, requestId).orElse(null);
		if (job == null || job.status() != CodeJob.Status.COMPLETED) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		this.jobs.serials(job.id(), 0, limit, out::add);
		return out;
	}

	/**
	 * One of the caller's jobs (scope {@code read}: everyone of the brand may see its
	 * jobs and their progress); another organisation's job is unknown.
	 */
	@Transactional(readOnly = true)
	public CodeJob job(Caller caller, long id) {
		caller.require(Scope.READ);
		return this.jobs.find(id)
			.filter(job -> job.brandId() == caller.organisationId())
			.orElseThrow(() -> NotFoundException.of("Code job", "No code job " + id));
	}

	@Transactional(readOnly = true)
	public List<CodeJob> jobs(Caller caller, @Nullable Long beforeId, int limit) {
		return jobs(caller, JobFilter.NONE, beforeId, limit);
	}

	/**
	 * How many of a job's codes are ISSUED, ACTIVE and VOIDED (empty until the job has
	 * COMPLETED).
	 */
	@Transactional(readOnly = true)
	public java.util.Map<CodeStatus, Long> statusCounts(Caller caller, long id) {
		CodeJob job = job(caller, id);
		return job.status() == CodeJob.Status.COMPLETED ? this.jobs.statusCounts(id) : java.util.Map.of();
	}

	/** Which jobs a list shows: any of product, lot and status may be null (any). */
	public record JobFilter(@Nullable Long productId, @Nullable Long lotId, CodeJob.@Nullable Status status) {

		public static final JobFilter NONE = new JobFilter(null, null, null);

	}

	/**
	 * The caller's jobs matching the filter, newest first, {@code limit} before
	 * {@code beforeId} (keyset).
	 */
	@Transactional(readOnly = true)
	public List<CodeJob> jobs(Caller caller, JobFilter filter, @Nullable Long beforeId, int limit) {
		caller.require(Scope.READ);
		return this.jobs.list(caller.organisationId(), filter, beforeId, Math.max(1, Math.min(limit, 500)));
	}

	private long reserve(String counterKey, long quantity, long capacity, String what) {
		long first = this.jobs.reservePositions(counterKey, quantity);
		if (first + quantity > capacity) {
			throw new ConflictException("capacity", "Serials exhausted",
					"Only " + Math.max(0, capacity - first) + " " + what + " are left; " + quantity + " were requested",
					List.of(new FieldProblem("quantity", "at most " + Math.max(0, capacity - first))));
		}
		return first;
	}

	private CodeJob sameAs(CodeJob job, IssueRequest r, String gtin) {
		boolean same = job.gtin().equals(gtin) && job.lotNumber().equals(r.lotNumber())
				&& job.quantity() == r.quantity() && job.format() == r.format()
				&& Objects.equals(job.companyPrefixLength(), r.companyPrefixLength())
				&& (r.format() != CodeFormat.SGTIN_96 || r.filter() == null || Objects.equals(job.filter(), r.filter()))
				&& (r.format() != CodeFormat.NMPA || Objects.equals(job.drugCode(), r.drugCode()));
		if (!same) {
			throw ConflictException.of("Request id '" + r.requestId() + "' was already used for code job " + job.id()
					+ " with other parameters", "requestId");
		}
		return job;
	}

	private void validate(IssueRequest r) {
		List<FieldProblem> errors = new ArrayList<>();
		if (!REQUEST_ID.matcher(r.requestId()).matches()) {
			errors.add(new FieldProblem("requestId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ : -"));
		}
		if (r.quantity() < 1 || r.quantity() > this.properties.maxQuantity()) {
			errors.add(new FieldProblem("quantity",
					"must be 1 to " + this.properties.maxQuantity() + " codes per job, found " + r.quantity()));
		}
		Integer cpl = r.companyPrefixLength();
		if (cpl != null && (cpl < 6 || cpl > 12)) {
			errors.add(new FieldProblem("companyPrefixLength", "must be 6 to 12 digits, found " + cpl));
		}
		if (r.format() == CodeFormat.SGTIN_96 && cpl == null) {
			errors.add(new FieldProblem("companyPrefixLength",
					"is required for SGTIN-96: the GTIN alone does not tell where the company prefix ends"));
		}
		if (r.filter() != null && (r.filter() < 0 || r.filter() > 7)) {
			errors.add(new FieldProblem("filter", "must be 0 to 7, found " + r.filter()));
		}
		if (r.format() == CodeFormat.NMPA) {
			if (r.drugCode() == null || !r.drugCode().matches("[0-9]{7}")) {
				errors.add(new FieldProblem("drugCode", "NMPA codes need the 7-digit drug identification code"));
			}
		}
		else if (r.drugCode() != null) {
			errors.add(new FieldProblem("drugCode", "only NMPA codes have a drug identification code"));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
	}

	private static void requireIssuer(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands issue codes; this key belongs to a " + caller.kind());
		}
		caller.require(Scope.CODES_ISSUE);
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}
		else {
			action.run();
		}
	}

}
