package com.veritrace.diversion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.scan.ScanLogReader;
import com.veritrace.scan.ScanWatch;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The check, on the scan log's writer thread: a consumer scan with a region, of an item
 * (or of a lot) that went to a distributor before the scan, located outside the latest
 * such distributor's regions ({@link Regions#place}) is a diversion: recorded once per
 * item, distributor and window (table {@code diversion}) and raised as a DIVERSION alert
 * naming the distributor, the item and the evidence (region, when, how the region was
 * known), grouped by the distributor's name. Scans of unknown codes and scans without a
 * region are not checked; a batch of brands without distributors costs a set look-up per
 * scan.
 */
@Component
class DiversionWatch implements ScanWatch {

	private static final Logger log = LoggerFactory.getLogger(DiversionWatch.class);

	private final DistributorDirectory directory;

	private final JdbcTemplate jdbc;

	private final AlertService alerts;

	private final ScanLogReader scanLog;

	private final DiversionRegionLookup lookup;

	private final TransactionTemplate transactions;

	private final Duration window;

	DiversionWatch(DistributorDirectory directory, JdbcTemplate jdbc, AlertService alerts, ScanLogReader scanLog,
			DiversionRegionLookup lookup, PlatformTransactionManager transactions, DiversionProperties properties) {
		this.directory = directory;
		this.jdbc = jdbc;
		this.alerts = alerts;
		this.scanLog = scanLog;
		this.lookup = lookup;
		this.transactions = new TransactionTemplate(transactions);
		this.window = properties.window();
	}

	/** The latest shipment of an item (or lot) to a distributor before a time. */
	private record Shipment(long distributorId, long shippedMs, long eventId) {
	}

	@Override
	public void logged(List<LoggedScan> scans) {
		DistributorDirectory.Snapshot distributors = this.directory.current();
		if (distributors.isEmpty()) {
			return;
		}
		List<LoggedScan> checked = new ArrayList<>();
		Set<String> keys = new LinkedHashSet<>();
		for (LoggedScan scan : scans) {
			if (scan.region() != null && scan.brandId() != null && distributors.brands().contains(scan.brandId())
					&& !"UNKNOWN_CODE".equals(scan.verdict()) && (scan.serial() != null || scan.lot() != null)) {
				checked.add(scan);
				keys.addAll(keys(scan));
			}
		}
		if (checked.isEmpty()) {
			return;
		}
		Map<String, List<Shipment>> shipments = shipments(List.copyOf(keys));
		for (LoggedScan scan : checked) {
			Shipment latest = null;
			for (String key : keys(scan)) {
				for (Shipment s : shipments.getOrDefault(key, List.of())) {
					if (s.shippedMs() <= scan.scannedMs() && (latest == null || s.shippedMs() > latest.shippedMs())) {
						latest = s;
					}
				}
			}
			Distributor distributor = latest == null ? null : distributors.byId().get(latest.distributorId());
			String region = Regions.canonical(scan.region());
			if (distributor == null || region == null || distributor.brandId() != scan.brandId()) {
				continue;
			}
			if (Regions.place(distributor.regions(), region) == Regions.Placement.OUTSIDE) {
				divert(scan, region, distributor, latest);
			}
		}
	}

	/** The item key and lot key of a scan. */
	private static List<String> keys(LoggedScan scan) {
		List<String> keys = new ArrayList<>(2);
		if (scan.serial() != null) {
			keys.add("01/" + scan.gtin() + "/21/" + scan.serial());
		}
		if (scan.lot() != null) {
			keys.add("01/" + scan.gtin() + "/10/" + scan.lot());
		}
		return keys;
	}

	private Map<String, List<Shipment>> shipments(List<String> keys) {
		Map<String, List<Shipment>> found = new HashMap<>();
		for (int from = 0; from < keys.size(); from += 200) {
			List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 200));
			this.jdbc.query("SELECT item, distributor_id, shipped_ms, event_id FROM distributed_item WHERE item IN ("
					+ String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
						found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
							.add(new Shipment(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
					}, chunk.toArray());
		}
		return found;
	}

	private void divert(LoggedScan scan, String region, Distributor distributor, Shipment shipment) {
		String item = scan.serial() != null ? "01/" + scan.gtin() + "/21/" + scan.serial()
				: "01/" + scan.gtin() + "/10/" + scan.lot();
		DiversionRegionLookup.Source source = source(scan, region);
		long windowNo = scan.scannedMs() / this.window.toMillis();
		this.transactions.executeWithoutResult(tx -> {
			int inserted = this.jdbc.update(
					"INSERT IGNORE INTO diversion (brand_id, distributor_id, item, window_no, region, source, "
							+ "scanned_ms) VALUES (?,?,?,?,?,?,?)",
					distributor.brandId(), distributor.id(), item, windowNo, region, source.name(), scan.scannedMs());
			if (inserted == 0) {
				return;
			}
			this.alerts.raise(draft(scan, item, region, source, distributor, shipment));
		});
	}

	/**
	 * How the region was known: a place sent later is the phone's cell; a scan's own
	 * region is the edge's, unless an IP database is configured and the edge named no
	 * region for it (then its address's).
	 */
	private DiversionRegionLookup.Source source(LoggedScan scan, String region) {
		if (scan.kind() == Kind.PLACE) {
			return DiversionRegionLookup.Source.CELL;
		}
		if (!this.lookup.hasIpDatabase() || scan.serial() == null) {
			return DiversionRegionLookup.Source.EDGE;
		}
		Caller reader = new Caller(scan.brandId(), "diversion check", OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ));
		for (ScanLogReader.LoggedScan row : this.scanLog.scans(reader, scan.gtin(), scan.serial(), 50).latest()) {
			if (row.scannedAt().toEpochMilli() == scan.scannedMs()) {
				return region.equals(Regions.canonical(row.place())) ? DiversionRegionLookup.Source.EDGE
						: DiversionRegionLookup.Source.ADDRESS;
			}
		}
		return DiversionRegionLookup.Source.ADDRESS;
	}

	private AlertDraft draft(LoggedScan scan, String item, String region, DiversionRegionLookup.Source source,
			Distributor distributor, Shipment shipment) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("distributorId", distributor.id());
		evidence.put("distributor", distributor.name());
		evidence.put("authorisedRegions", distributor.regions());
		evidence.put("gtin", scan.gtin());
		putIfPresent(evidence, "serial", scan.serial());
		putIfPresent(evidence, "lot", scan.lot());
		evidence.put("region", region);
		evidence.put("regionSource", source.name());
		evidence.put("scannedAt", Instant.ofEpochMilli(scan.scannedMs()).toString());
		evidence.put("verdict", scan.verdict());
		evidence.put("shippedAt", Instant.ofEpochMilli(shipment.shippedMs()).toString());
		evidence.put("shipmentEventId", shipment.eventId());
		String what = scan.serial() != null ? scan.gtin() + " " + mask(scan.serial())
				: scan.gtin() + " lot " + scan.lot();
		String how = switch (source) {
			case EDGE -> "the edge's region header";
			case CELL -> "the phone's approximate area";
			case ADDRESS -> "the network address";
		};
		String howZh = switch (source) {
			case EDGE -> "边缘节点的地区标头";
			case CELL -> "手机提供的大致位置";
			case ADDRESS -> "网络地址";
		};
		String regions = String.join(", ", distributor.regions());
		Map<String, String> title = Map.of("en",
				"Diversion: " + what + " from " + distributor.name() + " scanned in " + region, "zh-CN",
				"窜货：经销商 " + distributor.name() + " 的商品 " + what + " 在 " + region + " 被扫描");
		Map<String, String> body = Map.of("en",
				"An item shipped to distributor " + distributor.name() + " (authorised regions: " + regions
						+ ") was scanned in " + region + " at " + evidence.get("scannedAt") + " (region from " + how
						+ ").",
				"zh-CN", "发往经销商 " + distributor.name() + "（授权区域：" + regions + "）的商品于 " + evidence.get("scannedAt")
						+ " 在 " + region + " 被扫描（地区来自" + howZh + "）。");
		return new AlertDraft(distributor.brandId(), AlertKind.DIVERSION, Severity.WARNING, item, this.window, title,
				body, "/portal/distributors/" + distributor.id(), evidence, distributor.name());
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/** A serial masked to its last four characters, as logs and notices show it. */
	private static String mask(String serial) {
		return serial.length() <= 4 ? serial : "…" + serial.substring(serial.length() - 4);
	}

}
