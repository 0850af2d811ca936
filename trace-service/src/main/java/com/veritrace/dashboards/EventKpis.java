package com.veritrace.dashboards;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.EventWatch;
import com.veritrace.events.NewEvent;
import com.veritrace.events.RecalledEvents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the supply-chain KPIs current from stored events, in the storing transaction:
 * events per brand, reporter and day (with the late ones and the reporting lag), when
 * each reporter last reported for a brand, and, for shipping and receiving events only,
 * legs (a shipment at one location paired with the receipt at another of the same item,
 * lot or SSCC; once per pair of events) and stays (a receipt paired with the next
 * shipment from the same location). A batch costs one query for the brands of its GTINs,
 * batched upserts, and one lookup per shipping or receiving event. An event is a brand's
 * when it names a GTIN of the brand's products; one naming none (an SSCC only) is brand 0
 * for the partner counts, and its legs take the brand of the shipment paired. Pairs are
 * made in the order events are stored: a receipt stored before its shipment makes no leg.
 */
@Component
class EventKpis implements EventWatch {

	static final char SHIPPING = 'S';

	static final char RECEIVING = 'R';

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final DashboardProperties properties;

	private final Clock clock;

	EventKpis(JdbcTemplate jdbc, DashboardProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		this.properties = properties;
		this.clock = clock;
	}

	/** Shipping, receiving or neither, from a CBV business step in any of its forms. */
	static @Nullable Character step(@Nullable String bizStep) {
		if (bizStep == null) {
			return null;
		}
		String s = bizStep.toLowerCase(Locale.ROOT);
		if (s.equals("shipping") || s.endsWith("-shipping") || s.endsWith(":shipping")) {
			return SHIPPING;
		}
		if (s.equals("receiving") || s.endsWith("-receiving") || s.endsWith(":receiving")) {
			return RECEIVING;
		}
		return null;
	}

	/** The handles an event moves: its items, lots and SSCCs. */
	static List<String> handles(RecalledEvents.Stored stored) {
		List<String> handles = new ArrayList<>();
		for (NewEvent.ItemKey i : stored.event().items()) {
			handles.add("i/" + i.gtin() + "/" + i.serial());
		}
		for (NewEvent.LotKey l : stored.event().lots()) {
			handles.add("l/" + l.gtin() + "/" + l.lotNumber());
		}
		stored.ssccs().stream().sorted().forEach(s -> handles.add("s/" + s));
		return handles;
	}

	static @Nullable String location(NewEvent event) {
		return event.bizLocation() != null ? event.bizLocation() : event.readPoint();
	}

	@Override
	public void stored(List<RecalledEvents.Stored> events) {
		if (events.isEmpty()) {
			return;
		}
		long now = this.clock.millis();
		Map<String, Long> brandOf = brands(events);
		Map<String, long[]> partnerDays = new LinkedHashMap<>();
		Map<String, long[]> partnerLast = new LinkedHashMap<>();
		List<Object[]> legs = new ArrayList<>();
		List<Object[]> stays = new ArrayList<>();
		long lateAfter = this.properties.lateAfter().toMillis();
		for (RecalledEvents.Stored stored : events) {
			NewEvent e = stored.event();
			long eventMs = e.eventTime().toEpochMilli();
			Set<Long> brands = brandsOf(e, brandOf);
			long lag = Math.max(0, now - eventMs);
			for (long brand : brands.isEmpty() ? Set.of(0L) : brands) {
				long day = Buckets.day(eventMs);
				long[] counts = partnerDays.computeIfAbsent(brand + "|" + day + "|" + e.reporterId(),
						k -> new long[] { brand, day, e.reporterId(), 0, 0, 0 });
				counts[3]++;
				counts[4] += lag > lateAfter ? 1 : 0;
				counts[5] += lag;
				partnerLast.putIfAbsent(brand + "|" + e.reporterId(), new long[] { brand, e.reporterId(), now });
			}
			Character step = step(e.bizStep());
			String location = location(e);
			if (step == null || location == null) {
				continue;
			}
			List<String> handles = handles(stored);
			if (handles.isEmpty()) {
				continue;
			}
			long ownBrand = brands.isEmpty() ? 0L : Collections.min(brands);
			pair(stored.rowId(), step, location, eventMs, ownBrand, handles, legs, stays);
			List<Object[]> handovers = new ArrayList<>(handles.size());
			for (String handle : handles) {
				handovers
					.add(new Object[] { handle, String.valueOf(step), stored.rowId(), location, eventMs, ownBrand });
			}
			// now, not with the batch: a later event of the batch may pair with this one
			handOver(handovers);
		}
		write(partnerDays, partnerLast, legs, stays);
	}

	/** The brands of every GTIN the batch names, in one query. */
	private Map<String, Long> brands(List<RecalledEvents.Stored> events) {
		Set<String> gtins = new LinkedHashSet<>();
		for (RecalledEvents.Stored s : events) {
			s.event().items().forEach(i -> gtins.add(i.gtin()));
			s.event().lots().forEach(l -> gtins.add(l.gtin()));
		}
		Map<String, Long> brands = new HashMap<>();
		if (!gtins.isEmpty()) {
			this.named.query("SELECT gtin, brand_id FROM product WHERE gtin IN (:gtins)",
					new MapSqlParameterSource("gtins", gtins), rs -> {
						brands.put(rs.getString(1), rs.getLong(2));
					});
		}
		return brands;
	}

	private static Set<Long> brandsOf(NewEvent e, Map<String, Long> brandOf) {
		Set<Long> brands = new LinkedHashSet<>();
		e.items().forEach(i -> {
			Long b = brandOf.get(i.gtin());
			if (b != null) {
				brands.add(b);
			}
		});
		e.lots().forEach(l -> {
			Long b = brandOf.get(l.gtin());
			if (b != null) {
				brands.add(b);
			}
		});
		return brands;
	}

	/**
	 * A receipt pairs with the shipments of its handles from another location (legs); a
	 * shipment with the receipts of its handles at the same location (stays); once per
	 * pair of events, not per handle.
	 */
	private void pair(long rowId, char step, String location, long eventMs, long brand, List<String> handles,
			List<Object[]> legs, List<Object[]> stays) {
		char other = step == RECEIVING ? SHIPPING : RECEIVING;
		Map<Long, Object[]> partners = new LinkedHashMap<>();
		this.named.query(
				"SELECT event_row_id, location, event_ms, brand_id FROM kpi_handover WHERE step = :step "
						+ "AND handle IN (:handles)",
				new MapSqlParameterSource("step", String.valueOf(other)).addValue("handles", handles), rs -> {
					partners.putIfAbsent(rs.getLong(1), new Object[] { rs.getString(2), rs.getLong(3), rs.getLong(4) });
				});
		for (Object[] p : partners.values()) {
			String where = (String) p[0];
			long at = (Long) p[1];
			long pairBrand = brand != 0 ? brand : (Long) p[2];
			if (at > eventMs) {
				continue;
			}
			if (step == RECEIVING && !where.equals(location)) {
				legs.add(new Object[] { pairBrand, Buckets.day(eventMs), where, location, eventMs - at });
			}
			else if (step == SHIPPING && where.equals(location)) {
				stays.add(new Object[] { pairBrand, Buckets.day(eventMs), location, eventMs - at });
			}
		}
	}

	private void write(Map<String, long[]> partnerDays, Map<String, long[]> partnerLast, List<Object[]> legs,
			List<Object[]> stays) {
		List<Object[]> days = new ArrayList<>();
		partnerDays.values().forEach(c -> days.add(new Object[] { c[0], c[2], c[1], c[3], c[4], c[5] }));
		this.jdbc.batchUpdate("INSERT INTO kpi_partner_day (brand_id, reporter_id, day_ms, events, late_events, "
				+ "lag_ms_sum) VALUES (?,?,?,?,?,?) ON DUPLICATE KEY UPDATE events = events + VALUES(events), "
				+ "late_events = late_events + VALUES(late_events), lag_ms_sum = lag_ms_sum + VALUES(lag_ms_sum)",
				days);
		List<Object[]> last = new ArrayList<>();
		partnerLast.values().forEach(c -> last.add(new Object[] { c[0], c[1], c[2], c[2] }));
		this.jdbc.batchUpdate(
				"INSERT INTO kpi_partner_last (brand_id, reporter_id, first_ms, last_ms) "
						+ "VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE last_ms = GREATEST(last_ms, VALUES(last_ms))",
				last);
		if (!legs.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO kpi_leg_day (brand_id, day_ms, from_location, to_location, legs, "
					+ "lead_ms_sum) VALUES (?,?,?,?,1,?) ON DUPLICATE KEY UPDATE legs = legs + 1, "
					+ "lead_ms_sum = lead_ms_sum + VALUES(lead_ms_sum)", legs);
		}
		if (!stays.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO kpi_dwell_day (brand_id, day_ms, location, stays, dwell_ms_sum) "
					+ "VALUES (?,?,?,1,?) ON DUPLICATE KEY UPDATE stays = stays + 1, "
					+ "dwell_ms_sum = dwell_ms_sum + VALUES(dwell_ms_sum)", stays);
		}
	}

	/**
	 * The latest event of a step per handle: a later one replaces it, an earlier one
	 * (stored late) does not.
	 */
	private void handOver(List<Object[]> handovers) {
		this.jdbc.batchUpdate("INSERT INTO kpi_handover (handle, step, event_row_id, location, event_ms, brand_id) "
				+ "VALUES (?,?,?,?,?,?) ON DUPLICATE KEY UPDATE "
				+ "event_row_id = CASE WHEN VALUES(event_ms) >= event_ms THEN VALUES(event_row_id) ELSE event_row_id END, "
				+ "location = CASE WHEN VALUES(event_ms) >= event_ms THEN VALUES(location) ELSE location END, "
				+ "brand_id = CASE WHEN VALUES(event_ms) >= event_ms THEN VALUES(brand_id) ELSE brand_id END, "
				+ "event_ms = GREATEST(event_ms, VALUES(event_ms))", handovers);
	}

}
