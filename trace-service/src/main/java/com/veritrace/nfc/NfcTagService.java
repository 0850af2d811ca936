package com.veritrace.nfc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceProperties;
import com.veritrace.catalog.CatalogService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers a brand's chips: each 7-byte UID bound to one item code (GTIN + serial) of
 * the brand, with its SDM keys given (hex, accepted once) or derived from the brand's
 * master key (AN10922, {@link KeyDiversification}); keys are kept sealed
 * ({@link NfcKeys}) and never answered. The API and the portal's CSV upload both come
 * here.
 */
@Service
public class NfcTagService {

	private static final Logger log = LoggerFactory.getLogger(NfcTagService.class);

	/** Chips per registration (one API request or one CSV file). */
	public static final int MAX_BATCH = 10_000;

	/**
	 * Distinct meta-read keys per brand: a tap is decrypted with each candidate before
	 * the chip is known.
	 */
	static final int MAX_META_KEYS = 16;

	static final HexFormat HEX = HexFormat.of().withUpperCase();

	private final TagStore store;

	private final NfcKeys keys;

	private final CatalogService catalog;

	private final CodeRegistry registry;

	private final MetaKeyring keyring;

	private final VeritraceProperties properties;

	NfcTagService(TagStore store, NfcKeys keys, CatalogService catalog, CodeRegistry registry, MetaKeyring keyring,
			VeritraceProperties properties) {
		this.store = store;
		this.keys = keys;
		this.catalog = catalog;
		this.registry = registry;
		this.keyring = keyring;
		this.properties = properties;
	}

	/** One chip to register; keys both given (32 hex each) or both null (derived). */
	public record TagInput(@Nullable String uid, @Nullable String gtin, @Nullable String serial,
			@Nullable String sdmMetaReadKey, @Nullable String sdmFileReadKey) {

		@Override
		public String toString() {
			return "TagInput[" + this.uid + ", " + this.gtin + "]"; // never the keys
		}

	}

	/**
	 * What a registration did: how many chips, their profile and the URL template to
	 * program them with (NXP SDM placeholders in braces).
	 */
	public record Registered(int registered, String profile, String urlTemplate, int derivedKeys) {
	}

	/** A registered chip as the brand sees it (never its keys). */
	public record TagView(String uid, String gtin, String serial, String profile, boolean keysDerived, int lastCounter,
			long taps, long rejectedTaps, @Nullable Long lastTapMs) {
	}

	@Transactional
	public Registered register(Caller caller, @Nullable String profileName, @Nullable List<TagInput> tags) {
		requireBrand(caller);
		if (tags == null || tags.isEmpty()) {
			throw InvalidException.of("tags", "give at least one chip");
		}
		if (tags.size() > MAX_BATCH) {
			throw new TooLargeException("too-many-tags", "Too many chips",
					"At most " + MAX_BATCH + " chips per registration; this one has " + tags.size(), List.of());
		}
		String name = profileName == null || profileName.isBlank() ? "default" : profileName.strip();
		TagStore.Profile profile = this.store.profile(name)
			.filter(p -> p.organisationId() == null || p.organisationId() == caller.organisationId())
			.orElseThrow(() -> InvalidException.of("profile", "no tap profile '" + name + "'"));
		long org = caller.organisationId();
		List<FieldProblem> problems = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		Map<String, Boolean> ownGtins = new LinkedHashMap<>();
		for (int i = 0; i < tags.size(); i++) {
			TagInput t = tags.get(i);
			String at = "tags[" + i + "].";
			if (t == null) {
				problems.add(new FieldProblem("tags[" + i + "]", "must be an object"));
				continue;
			}
			String uid = t.uid() == null ? "" : t.uid().strip().toUpperCase(Locale.ROOT);
			if (!isHex(uid, 14)) {
				problems.add(new FieldProblem(at + "uid", "must be the chip's 7-byte UID as 14 hex digits"));
			}
			else if (!seen.add(uid)) {
				problems.add(new FieldProblem(at + "uid", "UID " + uid + " appears twice in this registration"));
			}
			String gtin = null;
			try {
				gtin = CatalogService.gtin(t.gtin() == null ? "" : t.gtin());
			}
			catch (InvalidException ex) {
				problems.add(new FieldProblem(at + "gtin", "must be a GTIN with a valid check digit"));
			}
			if (gtin != null && !ownGtins.computeIfAbsent(gtin,
					g -> this.catalog.findByGtin(g).filter(p -> p.getBrandId() == org).isPresent())) {
				problems.add(new FieldProblem(at + "gtin", "no product with GTIN " + gtin));
			}
			else if (gtin != null && (t.serial() == null || !this.registry.passesCheck(gtin, t.serial()))) {
				problems.add(new FieldProblem(at + "serial", "not a serial issued for GTIN " + gtin));
			}
			boolean meta = t.sdmMetaReadKey() != null && !t.sdmMetaReadKey().isBlank();
			boolean file = t.sdmFileReadKey() != null && !t.sdmFileReadKey().isBlank();
			if (meta != file) {
				problems.add(new FieldProblem(at + (meta ? "sdmFileReadKey" : "sdmMetaReadKey"),
						"give both SDM keys, or neither to derive them from the brand's master key"));
			}
			if (meta && !isHex(t.sdmMetaReadKey().strip(), 32)) {
				problems.add(new FieldProblem(at + "sdmMetaReadKey", "must be an AES-128 key as 32 hex digits"));
			}
			if (file && !isHex(t.sdmFileReadKey().strip(), 32)) {
				problems.add(new FieldProblem(at + "sdmFileReadKey", "must be an AES-128 key as 32 hex digits"));
			}
			if (problems.size() >= 100) {
				break;
			}
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		List<String> taken = this.store.registered(seen);
		if (!taken.isEmpty()) {
			throw new ConflictException("tag-registered", "Chip registered already",
					"These UIDs are registered already (a chip is registered once): "
							+ String.join(", ", taken.subList(0, Math.min(20, taken.size())))
							+ (taken.size() > 20 ? " and " + (taken.size() - 20) + " more" : ""));
		}
		byte[] master = null;
		Map<String, Long> metaIds = new LinkedHashMap<>();
		List<TagStore.NewTag> rows = new ArrayList<>(tags.size());
		int derived = 0;
		for (TagInput t : tags) {
			String uid = t.uid().strip().toUpperCase(Locale.ROOT);
			byte[] metaKey;
			byte[] fileKey;
			boolean derive = t.sdmMetaReadKey() == null || t.sdmMetaReadKey().isBlank();
			if (derive) {
				if (master == null) {
					master = masterKey(org);
				}
				metaKey = KeyDiversification.metaReadKey(master);
				fileKey = KeyDiversification.fileReadKey(master, HEX.parseHex(uid));
				derived++;
			}
			else {
				metaKey = HEX.parseHex(t.sdmMetaReadKey().strip());
				fileKey = HEX.parseHex(t.sdmFileReadKey().strip());
			}
			String metaHex = HEX.formatHex(metaKey);
			Long metaId = metaIds.get(metaHex);
			if (metaId == null) {
				byte[] fingerprint = this.keys.fingerprint(org, metaKey);
				if (!this.store.hasMetaKey(org, fingerprint) && this.store.metaKeyCount(org) >= MAX_META_KEYS) {
					throw InvalidException.of("tags", "a brand has at most " + MAX_META_KEYS
							+ " distinct SDM meta-read keys (the server tries each on a tap before it knows the chip)");
				}
				metaId = this.store.metaKey(org, fingerprint, this.keys.seal(NfcKeys.metaKeyBinding(org), metaKey));
				metaIds.put(metaHex, metaId);
			}
			rows.add(new TagStore.NewTag(uid, CatalogService.gtin(t.gtin()), t.serial(), profile.id(), metaId,
					this.keys.seal(NfcKeys.fileKeyBinding(org, uid), fileKey), derive));
		}
		this.store.insert(org, rows);
		this.keyring.invalidate();
		log.info("{} NFC chips registered for organisation {} ({} with derived keys, profile {})", rows.size(), org,
				derived, profile.name());
		return new Registered(rows.size(), profile.name(), urlTemplate(profile), derived);
	}

	/** The tap URL a chip of this profile is programmed with (NXP SDM placeholders). */
	String urlTemplate(TagStore.Profile profile) {
		String base = this.properties.publicBaseUrl() + "/nfc/" + profile.name() + "?";
		if (profile.plain()) {
			return base + profile.uidParam() + "={UID}&" + profile.ctrParam() + "={SDMReadCtr}&" + profile.cmacParam()
					+ "={SDMMAC}";
		}
		return base + profile.piccParam() + "={PICCData}&" + profile.cmacParam() + "={SDMMAC}";
	}

	/**
	 * Sets (or replaces) the brand's AN10922 master key; chips registered before keep
	 * their keys.
	 */
	@Transactional
	public void setMasterKey(Caller caller, @Nullable String hex) {
		requireBrand(caller);
		if (hex == null || !isHex(hex.strip(), 32)) {
			throw InvalidException.of("masterKey", "must be an AES-128 key as 32 hex digits");
		}
		long org = caller.organisationId();
		this.store.putMasterKey(org, this.keys.seal(NfcKeys.masterKeyBinding(org), HEX.parseHex(hex.strip())));
		log.info("NFC master key set for organisation {}", org);
	}

	@Transactional(readOnly = true)
	public TagView tag(Caller caller, String uidText) {
		caller.require(Scope.READ);
		String uid = uidText.strip().toUpperCase(Locale.ROOT);
		TagStore.Tag tag = this.store.byUid(uid)
			.filter(t -> t.organisationId() == caller.organisationId())
			.orElseThrow(() -> NotFoundException.of("NFC tag", "No chip with UID " + uid));
		return view(tag);
	}

	@Transactional(readOnly = true)
	public List<TagView> page(Caller caller, @Nullable String afterUid, int limit) {
		caller.require(Scope.READ);
		return this.store
			.page(caller.organisationId(), afterUid == null ? "" : afterUid.toUpperCase(Locale.ROOT),
					Math.max(1, Math.min(limit, 1000)))
			.stream()
			.map(NfcTagService::view)
			.toList();
	}

	@Transactional(readOnly = true)
	public long count(Caller caller) {
		caller.require(Scope.READ);
		return this.store.count(caller.organisationId());
	}

	private static TagView view(TagStore.Tag t) {
		return new TagView(t.uid(), t.gtin(), t.serial(), t.profile(), t.keysDerived(), t.lastCounter(), t.taps(),
				t.rejectedTaps(), t.lastTapMs());
	}

	private byte[] masterKey(long org) {
		byte[] box = this.store.masterKeyBox(org);
		if (box == null) {
			throw InvalidException.of("tags",
					"no SDM keys given and no master key to derive them from: set one (PUT /api/v1/nfc/master-key) "
							+ "or give sdmMetaReadKey and sdmFileReadKey");
		}
		return this.keys.open(NfcKeys.masterKeyBinding(org), box);
	}

	private static void requireBrand(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands register chips; this caller belongs to a " + caller.kind());
		}
		caller.require(Scope.CODES_ISSUE);
	}

	static boolean isHex(String text, int length) {
		if (text.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
				return false;
			}
		}
		return true;
	}

}
