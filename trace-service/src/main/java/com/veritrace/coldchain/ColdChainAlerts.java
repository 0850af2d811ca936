package com.veritrace.coldchain;

import java.util.LinkedHashMap;
import java.util.Map;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import org.springframework.stereotype.Component;

/**
 * Raises an excursion's COLD_CHAIN alert for the product's brand: once per lot (subject
 * {@code lot:<gtin>/<lot>}; items of no known lot: {@code gtin:<gtin>}) and
 * {@code alert-window}, grouped on dashboards by {@code "<GTIN> lot <lot>"}, with the
 * reading, the range, when, where and the event's hash as evidence.
 */
@Component
class ColdChainAlerts {

	private final AlertService alerts;

	private final ColdChainProperties properties;

	ColdChainAlerts(AlertService alerts, ColdChainProperties properties) {
		this.alerts = alerts;
		this.properties = properties;
	}

	/**
	 * Whether it was a new alert (false: an occurrence of the lot's alert in its window).
	 */
	boolean raise(Excursion x, String productName) {
		String lot = x.lotNumber();
		String subject = lot == null ? "gtin:" + x.gtin() : "lot:" + x.gtin() + "/" + lot;
		String label = lot == null ? x.gtin() : x.gtin() + " lot " + lot;
		String range = x.range().defined() ? x.range().label() : null;
		String reading = x.reading();
		String where = x.place() == null ? "" : " at " + x.place();
		String whereZh = x.place() == null ? "" : "，地点 " + x.place();
		boolean alarm = "ALARM".equals(x.reason()) && (reading == null || range == null);
		String en = alarm ? "Temperature alarm" : "Stored outside " + range;
		String zh = alarm ? "温度报警" : "储存温度超出 " + range;
		Map<String, String> title = Map.of("en", en + ": " + productName + " (" + label + ")", "zh-CN",
				zh + "：" + productName + "（" + label + "）");
		String what = reading == null ? "" : reading;
		Map<String, String> body = Map.of("en",
				en + (what.isEmpty() ? "" : ": " + what) + " on " + x.localTime() + " (UTC" + x.timeZoneOffset() + ")"
						+ where + ". " + (x.itemCount() == 0 ? "The whole lot" : x.itemCount() + " item(s)")
						+ " marked; event " + x.eventHash() + ".",
				"zh-CN",
				zh + (what.isEmpty() ? "" : "：" + what) + "，时间 " + x.localTime() + "（UTC" + x.timeZoneOffset() + "）"
						+ whereZh + "。" + (x.itemCount() == 0 ? "整批" : x.itemCount() + " 件商品") + "已标记；事件 "
						+ x.eventHash() + "。");
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("gtin", x.gtin());
		if (lot != null) {
			evidence.put("lot", lot);
		}
		evidence.put("reason", x.reason());
		if (x.celsius() != null) {
			evidence.put("readingCelsius", x.celsius());
		}
		if (x.range().minCelsius() != null) {
			evidence.put("rangeMinCelsius", x.range().minCelsius());
		}
		if (x.range().maxCelsius() != null) {
			evidence.put("rangeMaxCelsius", x.range().maxCelsius());
		}
		evidence.put("time", x.time().toString());
		if (x.place() != null) {
			evidence.put("place", x.place());
		}
		if (x.deviceId() != null) {
			evidence.put("deviceId", x.deviceId());
		}
		evidence.put("items", x.itemCount());
		if (x.ssccs() != null) {
			evidence.put("ssccs", x.ssccs());
		}
		evidence.put("eventHash", x.eventHash());
		evidence.put("excursionId", x.id());
		return this.alerts.raise(new AlertDraft(x.brandId(), AlertKind.COLD_CHAIN, Severity.WARNING, subject,
				this.properties.alertWindow(), title, body, "/portal/products/" + x.gtin(), evidence, label));
	}

}
