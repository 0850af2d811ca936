import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timing client of deploy/bench/portal.sh (docs/BENCHMARKS.md "Merchant portal"): logs in to the portal like a
 * browser (the login page's CSRF token, form POST of email and password, the VT_SESSION cookie), then requests each
 * URL of a list N times, one request at a time on one kept-alive connection, and prints p50/p95/max per URL. Run with
 * the JDK's single-file launch, no build:
 *
 * <pre>
 *   java deploy/bench/PortalTiming.java BASE_URL EMAIL PASSWORD API_KEY URL_FILE [N=200] [WARMUP=20]
 * </pre>
 *
 * URL_FILE: one path a line ({@code #} comments, blank lines skipped). A path under /api/ is sent with
 * {@code Authorization: Bearer API_KEY} and no cookie; any other with the portal session, asking for JSON when the
 * path ends in {@code .json}, anything for {@code .csv}, HTML otherwise. A URL whose warm-up answers
 * anything but 200 (a 404 for a page not built yet, a 302 to the login page, a 500) is reported as a failure with its
 * status and not timed. The time is the whole response: first byte to the last byte of the body read.
 */
public class PortalTiming {

	public static void main(String[] args) throws Exception {
		if (args.length < 5) {
			System.err.println("usage: java PortalTiming.java BASE_URL EMAIL PASSWORD API_KEY URL_FILE [N] [WARMUP]");
			System.exit(2);
		}
		String base = args[0].replaceAll("/$", "");
		String email = args[1];
		String password = args[2];
		String apiKey = args[3];
		List<String> urls = Files.readAllLines(Path.of(args[4]))
			.stream()
			.map(String::strip)
			.filter(l -> !l.isEmpty() && !l.startsWith("#"))
			.toList();
		int n = args.length > 5 ? Integer.parseInt(args[5]) : 200;
		int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 20;

		HttpClient portal = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		HttpClient api = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		login(portal, base, email, password);

		System.out.printf("%6s %5s %8s %8s %8s %8s  %s%n", "status", "n", "p50_ms", "p95_ms", "max_ms", "bytes", "url");
		int failures = 0;
		int over = 0;
		for (String url : urls) {
			boolean isApi = url.startsWith("/api/");
			HttpClient client = isApi ? api : portal;
			HttpRequest request = request(base + url, isApi ? apiKey : null);
			HttpResponse<byte[]> first = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			if (first.statusCode() != 200) {
				String where = first.headers().firstValue("Location").map(l -> " -> " + l).orElse("");
				System.out.printf("%6d FAILED, not timed%s  %s%n", first.statusCode(), where, url);
				failures++;
				continue;
			}
			for (int i = 1; i < warmup; i++) {
				client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			}
			double[] ms = new double[n];
			long bytes = 0;
			int bad = 0;
			for (int i = 0; i < n; i++) {
				long t0 = System.nanoTime();
				HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
				ms[i] = (System.nanoTime() - t0) / 1e6;
				bytes = response.body().length;
				if (response.statusCode() != 200) {
					bad++;
				}
			}
			Arrays.sort(ms);
			double p95 = percentile(ms, 95);
			if (p95 > 200) {
				over++;
			}
			System.out.printf("%6s %5d %8.1f %8.1f %8.1f %8d  %s%s%n", bad == 0 ? "200" : "MIXED", n, percentile(ms, 50),
					p95, ms[n - 1], bytes, url, bad == 0 ? "" : "  (" + bad + " answers not 200)");
			if (bad > 0) {
				failures++;
			}
		}
		System.out.printf("== %d URLs, %d failed, %d timed with p95 > 200 ms%n", urls.size(), failures, over);
	}

	/** The login page's CSRF token, then the form POST; a session that reaches /portal with 200 or fails loudly. */
	private static void login(HttpClient client, String base, String email, String password) throws Exception {
		HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/portal/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
		if (!csrf.find()) {
			throw new IllegalStateException("no _csrf field on the login page (status " + page.statusCode() + ")");
		}
		String form = "email=" + enc(email) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
		HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base + "/portal/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		String location = posted.headers().firstValue("Location").orElse("");
		if (posted.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("login refused: " + posted.statusCode() + " -> " + location);
		}
		HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(base + "/portal")).build(),
				HttpResponse.BodyHandlers.ofString());
		if (home.statusCode() != 200) {
			throw new IllegalStateException("logged in, but /portal answers " + home.statusCode());
		}
		System.out.println("logged in as " + email);
	}

	private static HttpRequest request(String url, String bearer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
		if (bearer != null) {
			builder.header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
		}
		else {
			// what a browser sends: a page asks for HTML, a chart's data (the page's script fetches *.json) for JSON,
			// a download (*.csv) for anything
			String path = URI.create(url).getPath();
			String accept = path.endsWith(".json") ? "application/json" : path.endsWith(".csv") ? "*/*" : "text/html";
			builder.header("Accept", accept).header("Accept-Language", "en");
		}
		return builder.build();
	}

	/** Nearest rank. */
	private static double percentile(double[] sorted, int p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

}
