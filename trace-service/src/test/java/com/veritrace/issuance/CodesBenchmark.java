package com.veritrace.issuance;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.zxing.EncodeHintType;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;

import com.veritrace.VeritraceApplication;
import com.veritrace.catalog.CatalogService;
import com.veritrace.codes.CodeImageSpec;
import com.veritrace.codes.CodeRenderer;
import com.veritrace.codes.PrintFileWriter;
import com.veritrace.codes.PrintItem;
import com.veritrace.codes.SerialGenerator;
import com.veritrace.tenancy.ApiKeyService;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmarks of docs/BENCHMARKS.md "Code issuance" (not a test; run by
 * deploy/bench/codes.sh):
 * <ul>
 * <li>{@code store [codes=1000000] [runs=3]}: an issuance job of N codes through the
 * service (generate, batched insert, one transaction per batch, progress) against a bare
 * JDBC batched insert of the same kind of rows into the same empty table, interleaved,
 * each run on a truncated table. Leaves the last job, a brand and the key {@link #KEY} in
 * database {@code veritrace_bench_codes} for the print-file benchmark.</li>
 * <li>{@code qr [codes=20000] [runs=3]}: QR Codes per second: ZXing's own encoder on 1
 * and on all cores, against CodeRenderer SVG and PNG on all cores through the print-file
 * pipeline (rendering + ZIP to a discarding stream).</li>
 * </ul>
 */
public final class CodesBenchmark {

	static final String DB = "veritrace_bench_codes";

	static final String KEY = "bench-codes-key-0123456789abcdef";

	static final String SERIAL_KEY = "YmVuY2ggc2VyaWFsIG1hc3RlciBrZXksIDMyIGJ5dGVzIS4=";

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String OPTIONS = "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	private CodesBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args.length > 0 ? args[0] : "store";
		if (mode.equals("store")) {
			store(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000,
					args.length > 2 ? Integer.parseInt(args[2]) : 3);
		}
		else {
			qr(args.length > 1 ? Integer.parseInt(args[1]) : 20_000, args.length > 2 ? Integer.parseInt(args[2]) : 3);
		}
		System.exit(0);
	}

	private static void store(int codes, int runs) throws Exception {
		execute("DROP DATABASE IF EXISTS " + DB);
		execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		ConfigurableApplicationContext app = SpringApplication.run(VeritraceApplication.class,
				"--spring.profiles.active=mariadb", "--spring.datasource.url=" + SERVER + DB + OPTIONS,
				"--spring.datasource.username=root", "--spring.datasource.password=", "--server.port=0",
				"--veritrace.production.allow-insecure=" + com.veritrace.support.MariaDbTestDatabase.ALLOW_INSECURE,
				"--veritrace.demo.enabled=false", "--veritrace.anchor.enabled=false",
				"--veritrace.codes.serial-key=" + SERIAL_KEY, "--veritrace.codes.max-quantity=" + codes,
				"--logging.level.root=WARN", "--logging.level.com.veritrace.issuance=INFO");
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		Organisation brand = app.getBean(OrganisationService.class)
			.createUnchecked("Bench brand", OrganisationKind.BRAND);
		app.getBean(ApiKeyService.class).issue(brand, "bench key", EnumSet.of(Scope.READ, Scope.CODES_ISSUE), KEY);
		Caller caller = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE));
		String gtin = "09520123456788";
		app.getBean(CatalogService.class).createProduct(caller, gtin, "Bench product", null, null);
		app.getBean(CatalogService.class).createLot(caller, gtin, "BENCH-1", null, null);
		CodeIssuanceService issuance = app.getBean(CodeIssuanceService.class);
		System.out.println("InnoDB buffer pool: "
				+ jdbc.queryForObject("SELECT @@innodb_buffer_pool_size", Long.class) / (1024 * 1024) + " MiB; "
				+ "codes per run: " + codes + "; batch size 10000 (service and baseline)");
		System.out.println("run,jobSeconds,job_codes_per_s,baseline_s,baseline_rows_per_s,ratio");
		double[] jobS = new double[runs];
		double[] baseS = new double[runs];
		SerialGenerator serials = new SerialGenerator("baseline serial key, 32 bytes...".getBytes());
		for (int run = 1; run <= runs; run++) {
			jdbc.update("DELETE FROM code_job");
			jdbc.execute("TRUNCATE TABLE issued_code");
			long t0 = System.nanoTime();
			CodeJob job = issuance.issueNow(caller, new CodeIssuanceService.IssueRequest("bench-" + run, gtin,
					"BENCH-1", codes, CodeFormat.DIGITAL_LINK, 7, null, null));
			double jobSeconds = (System.nanoTime() - t0) / 1e9;
			long stored = jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class,
					job.id());
			if (stored != codes) {
				throw new IllegalStateException("job stored " + stored + " codes, expected " + codes);
			}
			// the baseline: the same number of rows of the same shape, serials made
			// before timing
			jdbc.update("DELETE FROM code_job");
			jdbc.execute("TRUNCATE TABLE issued_code");
			String[] rows = new String[codes];
			for (int i = 0; i < codes; i++) {
				rows[i] = serials.next();
			}
			double baseSeconds = bareInsert(gtin, rows, job.lotId());
			rows = null;
			jobS[run - 1] = jobSeconds;
			baseS[run - 1] = baseSeconds;
			System.out.printf("%d,%.2f,%.0f,%.2f,%.0f,%.2f%n", run, jobSeconds, codes / jobSeconds, baseSeconds,
					codes / baseSeconds, baseSeconds / jobSeconds);
		}
		// leave one completed job of N codes for the print-file benchmark
		jdbc.execute("TRUNCATE TABLE issued_code");
		jdbc.update("DELETE FROM code_job");
		CodeJob kept = issuance.issueNow(caller, new CodeIssuanceService.IssueRequest("bench-print", gtin, "BENCH-1",
				codes, CodeFormat.DIGITAL_LINK, 7, null, null));
		double jm = median(jobS);
		double bm = median(baseS);
		System.out.printf(
				"median: job %.2f s (%.0f codes/s), bare insert %.2f s (%.0f rows/s), job/bare throughput %.2f%n", jm,
				codes / jm, bm, codes / bm, bm / jm);
		System.out
			.println("kept job " + kept.id() + " (" + codes + " codes) in " + DB + " for the print-file benchmark");
		app.close();
	}

	private static double bareInsert(String gtin, String[] serials, long lotId) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + DB + OPTIONS, "root", "")) {
			c.setAutoCommit(false);
			long t0 = System.nanoTime();
			try (PreparedStatement ps = c.prepareStatement(CodeJobRepository.INSERT_CODE)) {
				for (int i = 0; i < serials.length; i++) {
					ps.setLong(1, -1);
					ps.setInt(2, i + 1);
					ps.setString(3, gtin);
					ps.setString(4, serials[i]);
					ps.setLong(5, lotId);
					ps.addBatch();
					if ((i + 1) % 10_000 == 0 || i == serials.length - 1) {
						ps.executeBatch();
						c.commit();
					}
				}
			}
			return (System.nanoTime() - t0) / 1e9;
		}
	}

	private static void qr(int codes, int runs) throws Exception {
		int cores = Runtime.getRuntime().availableProcessors();
		List<String> uris = new ArrayList<>(codes);
		SerialGenerator serials = new SerialGenerator("qr bench serial key, 32 bytes...".getBytes());
		for (int i = 0; i < codes; i++) {
			uris.add("https://id.veritrace.example/01/09520123456788/10/BENCH-1/21/" + serials.next());
		}
		CodeImageSpec svgSpec = new CodeImageSpec(com.veritrace.codes.Symbology.QR_CODE, 8, 4,
				CodeImageSpec.ErrorCorrection.M);
		ExecutorService pool = Executors.newFixedThreadPool(cores);
		System.out.println(codes + " URIs of " + uris.get(0).length() + " characters, QR level M, " + cores + " cores");
		System.out.println("run,zxing_1t_per_s,zxing_" + cores + "t_per_s,svg_zip_" + cores + "t_per_s,png_zip_" + cores
				+ "t_per_s,svg_render_" + cores + "t_per_s");
		double[][] results = new double[5][runs];
		// warm-up
		zxing(uris.subList(0, Math.min(2000, codes)), 1, pool);
		zip(uris.subList(0, Math.min(2000, codes)), PrintFileWriter.ImageFormat.SVG, svgSpec, pool, cores);
		for (int run = 0; run < runs; run++) {
			results[0][run] = zxing(uris, 1, pool);
			results[1][run] = zxing(uris, cores, pool);
			results[2][run] = zip(uris, PrintFileWriter.ImageFormat.SVG, svgSpec, pool, cores);
			results[3][run] = zip(uris, PrintFileWriter.ImageFormat.PNG, svgSpec, pool, cores);
			results[4][run] = svgOnly(uris, svgSpec, cores, pool);
			System.out.printf("%d,%.0f,%.0f,%.0f,%.0f,%.0f%n", run + 1, results[0][run], results[1][run],
					results[2][run], results[3][run], results[4][run]);
		}
		double z1 = median(results[0]);
		double zn = median(results[1]);
		System.out.printf(
				"median QR/s: zxing 1 thread %.0f, zxing %d threads %.0f, SVG render %d threads %.0f, "
						+ "SVG ZIP %.0f, PNG ZIP %.0f%n",
				z1, cores, zn, cores, median(results[4]), median(results[2]), median(results[3]));
		System.out.printf("per core vs bare ZXing per core (%.0f/s): SVG render %.2f, SVG ZIP %.2f, PNG ZIP %.2f%n", z1,
				median(results[4]) / cores / z1, median(results[2]) / cores / z1, median(results[3]) / cores / z1);
		pool.shutdownNow();
	}

	private static double zxing(List<String> uris, int threads, ExecutorService pool) throws Exception {
		Map<EncodeHintType, Object> hints = Map.of(EncodeHintType.CHARACTER_SET, "UTF-8");
		long t0 = System.nanoTime();
		List<Future<?>> parts = new ArrayList<>();
		for (int p = 0; p < threads; p++) {
			int from = uris.size() * p / threads;
			int to = uris.size() * (p + 1) / threads;
			parts.add(pool.submit(() -> {
				for (int i = from; i < to; i++) {
					try {
						Encoder.encode(uris.get(i), ErrorCorrectionLevel.M, hints);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
			}));
		}
		for (Future<?> f : parts) {
			f.get();
		}
		return uris.size() / ((System.nanoTime() - t0) / 1e9);
	}

	private static double svgOnly(List<String> uris, CodeImageSpec spec, int threads, ExecutorService pool)
			throws Exception {
		long t0 = System.nanoTime();
		List<Future<?>> parts = new ArrayList<>();
		for (int p = 0; p < threads; p++) {
			int from = uris.size() * p / threads;
			int to = uris.size() * (p + 1) / threads;
			parts.add(pool.submit(() -> {
				for (int i = from; i < to; i++) {
					CodeRenderer.svg(uris.get(i), spec);
				}
			}));
		}
		for (Future<?> f : parts) {
			f.get();
		}
		return uris.size() / ((System.nanoTime() - t0) / 1e9);
	}

	private static double zip(List<String> uris, PrintFileWriter.ImageFormat format, CodeImageSpec spec,
			ExecutorService pool, int cores) throws Exception {
		long t0 = System.nanoTime();
		PrintFileWriter.writeZip(
				uris.stream().map(u -> new PrintItem(u.substring(u.length() - 16), u, null)).iterator(),
				OutputStream.nullOutputStream(), format, spec, pool, cores, 256 * cores);
		return uris.size() / ((System.nanoTime() - t0) / 1e9);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	private static void execute(String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

}
