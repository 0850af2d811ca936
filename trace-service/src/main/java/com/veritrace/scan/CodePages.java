package com.veritrace.scan;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.TaskConfiguration;
import com.veritrace.coldchain.ColdChainIndex;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
import com.veritrace.recall.RecallIndex;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/**
 * A code's page apart from its verdict ({@link CodePage}), from the {@link PageCache} or
 * built (registry entry and {@link JourneyLoader}) and cached for
 * {@code veritrace.scan.page-cache-ttl} per code and language, refreshed ahead of its
 * expiry in the background while scans go on being served from it.
 */
@Component
class CodePages {

	private static final Logger log = LoggerFactory.getLogger(CodePages.class);

	static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

	private final PageCache pages;

	private final CodeRegistry registry;

	private final JourneyLoader journeys;

	private final ScanProperties properties;

	private final Clock clock;

	private final RecallIndex recalls;

	private final ColdChainIndex coldChain;

	/**
	 * Pages being built again in the background, and the executor (one thread) that does
	 * it.
	 */
	private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

	private final TaskExecutor refresher;

	CodePages(ScanConfiguration.ScanStores stores, CodeRegistry registry, JourneyLoader journeys,
			ScanProperties properties, Clock clock,
			@Qualifier(TaskConfiguration.SCAN_PAGE_REFRESH_EXECUTOR) TaskExecutor refresher, RecallIndex recalls,
			ColdChainIndex coldChain) {
		this.recalls = recalls;
		this.coldChain = coldChain;
		this.pages = stores.pages();
		this.registry = registry;
		this.journeys = journeys;
		this.properties = properties;
		this.clock = clock;
		this.refresher = refresher;
	}

	CodePage page(ScanService.Scanned code, Locale locale) {
		String key = code.gtin() + "/" + code.serial() + "/" + code.lot() + "/" + locale.toLanguageTag();
		CodePage page = this.pages.get(key);
		if (page != null && page.unknownReason() == null && page.recallPrint() != fingerprint(code.gtin())) {
			page = null; // a recall of the GTIN changed, or it had a new cold-chain
							// excursion, since it was built: never serve it
		}
		if (page == null) {
			page = loadPage(code, locale);
			cache(key, page);
		}
		else if (page.unknownReason() == null
				&& this.clock.millis() - page.loadedMs() > this.properties.pageCacheTtl().toMillis() * 2 / 3) {
			refreshInBackground(key, code, locale);
		}
		return page;
	}

	/**
	 * What the GTIN's recalls and cold-chain excursions are now, as one number: a page
	 * built under another is stale.
	 */
	private long fingerprint(String gtin) {
		return this.recalls.fingerprint(gtin) * 31 + this.coldChain.fingerprint(gtin);
	}

	private void cache(String key, CodePage page) {
		// an unknown code may be issued soon (a job completing): remember that it is
		// unknown only briefly.
		// Known pages live 80-100 % of the TTL: pages cached together (a start, a busy
		// minute) do not all
		// expire together and send their rebuilds to the database in one burst
		Duration ttl = this.properties.pageCacheTtl();
		this.pages.put(key, page,
				page.unknownReason() == null
						? ttl.minusMillis(ThreadLocalRandom.current().nextLong(ttl.toMillis() / 5 + 1))
						: ttl.compareTo(UNKNOWN_TTL) < 0 ? ttl : UNKNOWN_TTL);
	}

	/**
	 * A page scanned after two thirds of its TTL is built again on the refresh thread
	 * while the scans go on being served from the cached one: a code scanned often never
	 * has a scan wait for the database (a scan that does wait is the slowest 1 % of a
	 * busy minute). Once per page at a time; when the refresh queue is full the page is
	 * refreshed by a later scan, or built by the scan that finds it expired.
	 */
	private void refreshInBackground(String key, ScanService.Scanned code, Locale locale) {
		if (!this.refreshing.add(key)) {
			return;
		}
		try {
			this.refresher.execute(() -> {
				try {
					cache(key, loadPage(code, locale));
				}
				catch (RuntimeException ex) {
					log.warn("Scan page {} could not be refreshed ({}); it expires as cached", key, ex.toString());
				}
				finally {
					this.refreshing.remove(key);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.refreshing.remove(key);
		}
	}

	private CodePage loadPage(ScanService.Scanned code, Locale locale) {
		Optional<JourneyLoader.ProductFacts> product = this.journeys.product(code.gtin());
		if (product.isEmpty()) {
			return CodePage.unknown("error.unknown-product", this.clock.millis());
		}
		CodeRegistry.Entry entry = code.serial() == null ? null : this.registry.entry(code.gtin(), code.serial());
		if (entry != null && entry.status() == CodeStatus.UNKNOWN_CODE) {
			return CodePage.unknown("reason.unknown", this.clock.millis());
		}
		String lotNumber = entry != null && entry.lotNumber() != null ? entry.lotNumber() : code.lot();
		long recallPrint = fingerprint(code.gtin());
		return new CodePage(UUID.randomUUID().toString(), null, product.get().brandId(), product.get().category(),
				entry == null ? CodeStatus.ACTIVE : entry.status(), entry == null ? null : entry.lotNumber(), lotNumber,
				this.journeys.journey(product.get(), code.serial(), lotNumber, locale), this.clock.millis(),
				recallPrint);
	}

}
