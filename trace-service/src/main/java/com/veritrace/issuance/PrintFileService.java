package com.veritrace.issuance;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

import com.veritrace.TaskConfiguration;
import com.veritrace.codes.CodeImageSpec;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.PrintFileWriter;
import com.veritrace.codes.PrintItem;
import com.veritrace.codes.Sgtin96;
import com.veritrace.codes.Symbology;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import org.jspecify.annotations.Nullable;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;

/**
 * A completed job's print file (CSV, or a ZIP of images rendered on
 * {@code veritrace.codes.render-threads}), streamed from the database in order, so that a
 * re-download gives the same codes.
 */
@Service
public class PrintFileService {

	private static final int PAGE = 5_000;

	private final CodeIssuanceService issuance;

	private final CodeJobRepository jobs;

	private final CodesProperties properties;

	private final TaskExecutor renderExecutor;

	PrintFileService(CodeIssuanceService issuance, CodeJobRepository jobs, CodesProperties properties,
			@Qualifier(TaskConfiguration.CODE_RENDER_EXECUTOR) TaskExecutor renderExecutor) {
		this.issuance = issuance;
		this.jobs = jobs;
		this.properties = properties;
		this.renderExecutor = renderExecutor;
	}

	/** Print file options: CSV, or a ZIP of images. */
	public record PrintOptions(boolean zip, PrintFileWriter.ImageFormat imageFormat, CodeImageSpec spec) {

		/**
		 * Options from the request parameters the API and the portal take (400 naming the
		 * bad one).
		 */
		public static PrintOptions parse(String type, String image, String symbology, int moduleSize,
				@Nullable Integer quietZone, String errorCorrection) {
			boolean zip = switch (type) {
				case "csv" -> false;
				case "zip" -> true;
				default -> throw InvalidException.of("type", "must be csv or zip, found '" + type + "'");
			};
			PrintFileWriter.ImageFormat format = switch (image) {
				case "svg" -> PrintFileWriter.ImageFormat.SVG;
				case "png" -> PrintFileWriter.ImageFormat.PNG;
				default -> throw InvalidException.of("image", "must be svg or png, found '" + image + "'");
			};
			Symbology sym = switch (symbology) {
				case "qr" -> Symbology.QR_CODE;
				case "datamatrix" -> Symbology.DATA_MATRIX;
				case "gs1-datamatrix" -> Symbology.GS1_DATA_MATRIX;
				default -> throw InvalidException.of("symbology",
						"must be qr, datamatrix or gs1-datamatrix, found '" + symbology + "'");
			};
			CodeImageSpec.ErrorCorrection level;
			try {
				level = CodeImageSpec.ErrorCorrection.valueOf(errorCorrection);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidException.of("errorCorrection", "must be L, M, Q or H, found '" + errorCorrection + "'");
			}
			if (moduleSize < 1 || moduleSize > 40) {
				throw InvalidException.of("moduleSize", "must be 1 to 40, found " + moduleSize);
			}
			int quiet = quietZone != null ? quietZone : sym == Symbology.QR_CODE ? 4 : 1;
			if (quiet < 0 || quiet > 20) {
				throw InvalidException.of("quietZone", "must be 0 to 20 modules, found " + quiet);
			}
			return new PrintOptions(zip, format, new CodeImageSpec(sym, moduleSize, quiet, level));
		}

	}

	/**
	 * Checks that the caller may download the job's file now (it exists, is theirs, has
	 * COMPLETED). Called before the response starts, so refusals are still problem
	 * details.
	 */
	public CodeJob printable(Caller caller, long id) {
		CodeJob job = this.issuance.job(caller, id);
		// the codes themselves: for those who may issue them (a reader sees the job, not
		// its serials)
		caller.require(Scope.CODES_ISSUE);
		if (job.status() != CodeJob.Status.COMPLETED) {
			throw new ConflictException("job-not-completed", "Job not completed",
					"Code job " + id + " is " + job.status() + (job.status() == CodeJob.Status.FAILED
							? " (" + job.failure() + "); submit a new request" : "; retry when it has COMPLETED"));
		}
		return job;
	}

	/**
	 * Streams the job's print file from the database, page by page; returns the number of
	 * codes written.
	 */
	public long writePrintFile(CodeJob job, PrintOptions options, OutputStream out) throws IOException {
		Iterator<PrintItem> items = printItems(job,
				options.zip() && options.spec().symbology() == Symbology.GS1_DATA_MATRIX);
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
					PrintFileService.this.jobs.serials(job.id(), this.seq, PAGE, this.page::add);
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
			case SGTIN_96 ->
				Sgtin96
					.of(gtin, Objects.requireNonNull(job.companyPrefixLength()), serial,
							Objects.requireNonNull(job.filter()))
					.toHex();
			case DIGITAL_LINK -> job.companyPrefixLength() == null ? null
					: Sgtin96Uris.pureIdentity(gtin, job.companyPrefixLength(), serial);
			case NMPA -> null;
		};
		return new PrintItem(serial, text, epc);
	}

	/**
	 * SGTIN pure identity URIs without the SGTIN-96 limits (alphanumeric serials are
	 * SGTIN-198 material).
	 */
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
