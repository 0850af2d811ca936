package com.veritrace.issuance;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.codes.CodeImageSpec;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.NumericSerials;
import com.veritrace.codes.PrintFileWriter;
import com.veritrace.codes.PrintItem;
import com.veritrace.codes.Sgtin96;
import com.veritrace.codes.Symbology;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import com.veritrace.web.ApiProblem;
import com.veritrace.web.FieldProblem;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issuance jobs: a brand asks for N codes of one of its products and lots; the job is stored at once
 * (idempotent on the brand's request id) and runs in the background, generating and inserting codes
 * in batches, each batch one transaction, with its progress on the job. A job that fails deletes
 * every code it inserted and ends FAILED; the registry treats codes of a job that has not COMPLETED as
 * unknown, so nothing half-issued is ever visible. Print files are read back from the database in
 * order, so a re-download gives the same codes.
 */
@Service
public class CodeIssuanceService {

	private static final Logger log = LoggerFactory.getLogger(CodeIssuanceService.class);

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final int PAGE = 5_000;

	private final CodeJobRepository jobs;

	private final CatalogService catalog;

	private final SerialKeys keys;

	private final CodesProperties properties;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ExecutorService jobExecutor;

	private final ExecutorService renderExecutor;

	private final Clock clock;

	CodeIssuanceService(CodeJobRepository jobs, CatalogService catalog, SerialKeys keys, CodesProperties properties,
			JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			@Qualifier("codeJobExecutor") ExecutorService jobExecutor,
			@Qualifier("codeRenderExecutor") ExecutorService renderExecutor, Clock clock) {
		this.jobs = jobs;
		this.catalog = catalog;
		this.keys = keys;
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.jobExecutor = jobExecutor;
		this.renderExecutor = renderExecutor;
		this.clock = clock;
	}

	/**
	 * What to issue.
	 * @param companyPrefixLength digits of the GS1 Company Prefix inside the GTIN (6..12): required for
	 * SGTIN_96, optional for DIGITAL_LINK (then the CSV carries each code's EPC URI)
	 * @param filter SGTIN-96 filter value 0..7 (default 1, point-of-sale trade item)
	 * @param drugCode the 7-digit drug identification code (NMPA only)
	 */
	public record IssueRequest(String requestId, String gtin, String lotNumber, long quantity, CodeFormat format,
			@Nullable Integer companyPrefixLength, @Nullable Integer filter, @Nullable String drugCode) {
	}

	/** A job and whether this request created it (false: the request id was seen before). */
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
			.orElseThrow(() -> ApiProblem.notFound("Product", "No product with GTIN " + gtin));
		if (product.getBrandId() != caller.organisationId()) {
			throw ApiProblem.crossTenant(
					"GTIN " + gtin + " belongs to another organisation; only its brand may issue codes for it");
		}
		Lot lot = this.catalog.findLot(product.getId(), request.lotNumber())
			.orElseThrow(() -> ApiProblem.notFound("Lot", "No lot '" + request.lotNumber() + "' of GTIN " + gtin
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
		if (startInBackground) {
			afterCommit(() -> this.jobExecutor.execute(() -> run(id)));
		}
		return new Submitted(this.jobs.find(id).orElseThrow(), true);
	}

	/** Submits and runs the job on the calling thread (demo seeding); the job is COMPLETED on return. */
	public CodeJob issueNow(Caller caller, IssueRequest request) {
		Submitted submitted = Objects
			.requireNonNull(this.transactions.execute(status -> submit(caller, request, false)));
		if (submitted.created()) {
			run(submitted.job().id());
		}
		CodeJob job = this.jobs.find(submitted.job().id()).orElseThrow();
		if (job.status() != CodeJob.Status.COMPLETED) {
			throw new IllegalStateException("code job " + job.id() + " ended " + job.status() + ": " + job.failure());
		}
		return job;
	}

	/** The first {@code limit} serials of a brand's job by request id (empty when there is no such completed job). */
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

	@Transactional(readOnly = true)
	public CodeJob job(Caller caller, long id) {
		caller.require(Scope.CODES_ISSUE);
		CodeJob job = this.jobs.find(id).orElseThrow(() -> ApiProblem.notFound("Code job", "No code job " + id));
		if (job.brandId() != caller.organisationId()) {
			throw ApiProblem.crossTenant("Code job " + id + " belongs to another organisation");
		}
		return job;
	}

	@Transactional(readOnly = true)
	public List<CodeJob> jobs(Caller caller, @Nullable Long beforeId, int limit) {
		caller.require(Scope.CODES_ISSUE);
		return this.jobs.list(caller.organisationId(), beforeId, limit);
	}

	/** Print file options: CSV, or a ZIP of images. */
	public record PrintOptions(boolean zip, PrintFileWriter.ImageFormat imageFormat, CodeImageSpec spec) {
	}

	/**
	 * Checks that the caller may download the job's file now (it exists, is theirs, has COMPLETED).
	 * Called before the response starts, so refusals are still problem details.
	 */
	public CodeJob printable(Caller caller, long id) {
		CodeJob job = job(caller, id);
		if (job.status() != CodeJob.Status.COMPLETED) {
			throw new ApiProblem(HttpStatus.CONFLICT, "job-not-completed", "Job not completed",
					"Code job " + id + " is " + job.status() + (job.status() == CodeJob.Status.FAILED
							? " (" + job.failure() + "); submit a new request" : "; retry when it has COMPLETED"));
		}
		return job;
	}

	/** Streams the job's print file from the database, page by page; returns the number of codes written. */
	public long writePrintFile(CodeJob job, PrintOptions options, OutputStream out) throws IOException {
		Iterator<PrintItem> items = printItems(job, options.zip() && options.spec().symbology() == Symbology.GS1_DATA_MATRIX);
		if (!options.zip()) {
			return PrintFileWriter.writeCsv(items, out);
		}
		int threads = this.properties.effectiveRenderThreads();
		return PrintFileWriter.writeZip(items, out, options.imageFormat(), options.spec(), this.renderExecutor, threads,
				256 * threads);
	}

	/** The job's codes as print items, read in keyset pages of {@value #PAGE}. */
	Iterator<PrintItem> printItems(CodeJob job, boolean elementStrings) {
		Gtin gtin = Gtin.parse(job.gtin());
		String prefix = DigitalLink.ofItem(job.resolver(), gtin, job.lotNumber(), null, null).toUri() + "/21/";
		return new Iterator<>() {

			private final ArrayDeque<String> page = new ArrayDeque<>(PAGE);

			private int seq;

			private boolean exhausted;

			@Override
			public boolean hasNext() {
				if (this.page.isEmpty() && !this.exhausted) {
					CodeIssuanceService.this.jobs.serials(job.id(), this.seq, PAGE, this.page::add);
					this.exhausted = this.page.size() < PAGE;
				}
				return !this.page.isEmpty();
			}

			@Override
			public PrintItem next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				this.seq++;
				return item(job, gtin, prefix, this.page.poll(), elementStrings);
			}

		};
	}

	private static PrintItem item(CodeJob job, Gtin gtin, String prefix, String serial, boolean elementString) {
		// serials are [0-9A-Z] only: nothing to percent-encode after the validated prefix
		String text = elementString ? DigitalLink.ofItem(null, gtin, job.lotNumber(), serial, null).elementString()
				: prefix + serial;
		String epc = switch (job.format()) {
			case SGTIN_96 -> Sgtin96.of(gtin, Objects.requireNonNull(job.companyPrefixLength()), serial,
					Objects.requireNonNull(job.filter())).toHex();
			case DIGITAL_LINK -> job.companyPrefixLength() == null ? null
					: Sgtin96Uris.pureIdentity(gtin, job.companyPrefixLength(), serial);
			case NMPA -> null;
		};
		return new PrintItem(serial, text, epc);
	}

	/** Runs a queued job: batches of generated codes, each inserted in one transaction. */
	void run(long id) {
		if (!this.jobs.start(id, this.clock.millis())) {
			return;
		}
		CodeJob job = this.jobs.find(id).orElseThrow();
		long started = System.nanoTime();
		try {
			SerialKeys.PerGtin perGtin = this.keys.forGtin(job.gtin());
			int batch = this.properties.batchSize();
			List<String> serials = new ArrayList<>(batch);
			long produced = 0;
			while (produced < job.quantity()) {
				serials.clear();
				int n = (int) Math.min(batch, job.quantity() - produced);
				for (int i = 0; i < n; i++) {
					serials.add(serial(job, perGtin, produced + i));
				}
				long base = produced;
				long done = produced + n;
				this.transactions.executeWithoutResult(status -> {
					insert(job, base, serials);
					this.jobs.progress(id, done);
				});
				produced = done;
			}
			this.jobs.finish(id, CodeJob.Status.COMPLETED, null, this.clock.millis());
			log.info("Code job {} completed: {} codes in {} ms", id, produced, (System.nanoTime() - started) / 1_000_000);
		}
		catch (RuntimeException ex) {
			String reason = ex instanceof DuplicateKeyException ? "a generated serial is already issued; nothing kept"
					: "issuing failed (" + ex.getClass().getSimpleName() + "); nothing kept";
			log.warn("Code job {} failed; deleting its codes", id, ex);
			try {
				long deleted = this.jobs.deleteCodes(id);
				this.jobs.finish(id, CodeJob.Status.FAILED, reason, this.clock.millis());
				log.info("Code job {} failed: {} codes deleted", id, deleted);
			}
			catch (RuntimeException cleanup) {
				log.error("Code job {} failed and its codes could not be deleted; they stay unknown to the registry", id,
						cleanup);
			}
		}
	}

	private void insert(CodeJob job, long base, List<String> serials) {
		this.jdbc.batchUpdate(CodeJobRepository.INSERT_CODE, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				ps.setLong(1, job.id());
				ps.setInt(2, (int) (base + i + 1));
				ps.setString(3, job.gtin());
				ps.setString(4, serials.get(i));
				ps.setLong(5, job.lotId());
			}

			@Override
			public int getBatchSize() {
				return serials.size();
			}

		});
	}

	static String serial(CodeJob job, SerialKeys.PerGtin perGtin, long index) {
		return switch (job.format()) {
			case DIGITAL_LINK -> perGtin.generator().next();
			case SGTIN_96 -> Long.toString(perGtin.numeric().sgtin96Serial(Objects.requireNonNull(job.firstPosition()) + index));
			case NMPA -> perGtin.numeric()
				.nmpaCode(Objects.requireNonNull(job.drugCode()), Objects.requireNonNull(job.firstPosition()) + index)
				.value();
		};
	}

	/** At start: queued jobs run; jobs left RUNNING by a stopped process are failed and cleaned up. */
	@EventListener(ApplicationReadyEvent.class)
	void resumeAfterRestart() {
		for (long id : this.jobs.idsWithStatus(CodeJob.Status.RUNNING)) {
			long deleted = this.jobs.deleteCodes(id);
			this.jobs.finish(id, CodeJob.Status.FAILED, "interrupted by a restart; nothing kept", this.clock.millis());
			log.warn("Code job {} was interrupted by a restart: {} codes deleted, job FAILED", id, deleted);
		}
		for (long id : this.jobs.idsWithStatus(CodeJob.Status.QUEUED)) {
			this.jobExecutor.execute(() -> run(id));
		}
	}

	private long reserve(String counterKey, long quantity, long capacity, String what) {
		long first = this.jobs.reservePositions(counterKey, quantity);
		if (first + quantity > capacity) {
			throw new ApiProblem(HttpStatus.CONFLICT, "capacity", "Serials exhausted", "Only "
					+ Math.max(0, capacity - first) + " " + what + " are left; " + quantity + " were requested",
					List.of(new FieldProblem("quantity", "at most " + Math.max(0, capacity - first))));
		}
		return first;
	}

	private CodeJob sameAs(CodeJob job, IssueRequest r, String gtin) {
		boolean same = job.gtin().equals(gtin) && job.lotNumber().equals(r.lotNumber()) && job.quantity() == r.quantity()
				&& job.format() == r.format() && Objects.equals(job.companyPrefixLength(), r.companyPrefixLength())
				&& (r.format() != CodeFormat.SGTIN_96 || r.filter() == null || Objects.equals(job.filter(), r.filter()))
				&& (r.format() != CodeFormat.NMPA || Objects.equals(job.drugCode(), r.drugCode()));
		if (!same) {
			throw ApiProblem.conflict("Request id '" + r.requestId() + "' was already used for code job " + job.id()
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
			throw ApiProblem.invalid(errors);
		}
	}

	private static void requireIssuer(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ApiProblem.forbidden("Only brands issue codes; this key belongs to a " + caller.kind());
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

	/** SGTIN pure identity URIs without the SGTIN-96 limits (alphanumeric serials are SGTIN-198 material). */
	static final class Sgtin96Uris {

		private Sgtin96Uris() {
		}

		static String pureIdentity(Gtin gtin, int companyPrefixLength, String serial) {
			String g = gtin.value();
			return "urn:epc:id:sgtin:" + g.substring(1, 1 + companyPrefixLength) + "." + g.charAt(0)
					+ g.substring(1 + companyPrefixLength, 13) + "." + serial;
		}

	}

}
