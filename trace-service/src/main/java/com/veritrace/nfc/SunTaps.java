package com.veritrace.nfc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.scan.ChipTaps;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import org.springframework.stereotype.Component;

/**
 * Verifies a chip's tap (AN12196, {@link Sun}): the profile's parameters, each once and
 * well-formed; the PICC data decrypted with the brands' meta-read keys
 * ({@link MetaKeyring}) to a registered chip (or, in plain mirroring, its UID and counter
 * as sent); the SUN MAC under the chip's file-read key over the URL text from the start
 * of the {@code enc} value up to the {@code cmac} value (empty without {@code enc}),
 * compared in constant time; the file data decrypted when present (checked, never kept or
 * logged); then the read counter, accepted only when higher than the last accepted one,
 * by one conditional update. A replayed or older message is REPLAYED and raises a
 * critical suspicious-code alert for the brand; an unknown chip or a wrong MAC is
 * UNKNOWN.
 */
@Component
class SunTaps implements ChipTaps {

	private static final Logger log = LoggerFactory.getLogger(SunTaps.class);

	static final HexFormat HEX = HexFormat.of().withUpperCase();

	/** At most this many hex digits of file data ({@code enc}). */
	static final int MAX_ENC_HEX = 512;

	static final Duration ALERT_WINDOW = Duration.ofHours(1);

	private final TagStore store;

	private final NfcKeys keys;

	private final MetaKeyring keyring;

	private final AlertService alerts;

	private final Clock clock;

	private final ExpiringMap<Optional<TagStore.Profile>> profiles = new ExpiringMap<>(1_000);

	SunTaps(TagStore store, NfcKeys keys, MetaKeyring keyring, AlertService alerts, Clock clock) {
		this.store = store;
		this.keys = keys;
		this.keyring = keyring;
		this.alerts = alerts;
		this.clock = clock;
	}

	@Override
	public ChipTap verify(String profileName, Map<String, String[]> parameters, @Nullable String rawQuery,
			boolean accept) {
		TagStore.Profile profile = profile(profileName);
		List<FieldProblem> problems = new ArrayList<>();
		String cmacHex = one(parameters, profile.cmacParam(), 16, problems);
		if (profile.plain()) {
			String uid = one(parameters, profile.uidParam(), 14, problems);
			String ctr = one(parameters, profile.ctrParam(), 6, problems);
			if (!problems.isEmpty()) {
				throw InvalidException.of(problems);
			}
			// plain mirroring shows the counter most significant byte first
			Optional<TagStore.Tag> tag = this.store.byUid(uid.toUpperCase(Locale.ROOT));
			return tag.isEmpty() ? ChipTap.unknown()
					: checked(tag.get(), Integer.parseInt(ctr, 16), new byte[0], null, HEX.parseHex(cmacHex), accept);
		}
		String piccHex = one(parameters, profile.piccParam(), 32, problems);
		String encHex = optional(parameters, profile.encParam(), problems);
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		byte[] macInput = encHex == null ? new byte[0]
				: macInput(rawQuery, profile.encParam(), profile.cmacParam()).getBytes(StandardCharsets.US_ASCII);
		byte[] picc = HEX.parseHex(piccHex);
		Found found = find(picc);
		if (found == null && this.keyring.reloadIfStale()) {
			found = find(picc);
		}
		if (found == null) {
			return ChipTap.unknown();
		}
		return checked(found.tag(), found.picc().counter(), macInput, encHex == null ? null : HEX.parseHex(encHex),
				HEX.parseHex(cmacHex), accept);
	}

	private record Found(TagStore.Tag tag, Sun.PiccData picc) {
	}

	/**
	 * The registered chip the PICC data names under one of the meta-read keys, or null.
	 */
	private @Nullable Found find(byte[] picc) {
		for (MetaKeyring.Candidate candidate : this.keyring.candidates()) {
			Sun.PiccData data = Sun.decryptPiccData(candidate.key(), picc);
			if (data == null) {
				continue;
			}
			Optional<TagStore.Tag> tag = this.store.byUid(HEX.formatHex(data.uid()));
			if (tag.isPresent() && tag.get().metaKeyId() == candidate.id()) {
				return new Found(tag.get(), data);
			}
		}
		return null;
	}

	private ChipTap checked(TagStore.Tag tag, int counter, byte[] macInput, byte @Nullable [] enc, byte[] mac,
			boolean accept) {
		byte[] fileKey = this.keys.open(NfcKeys.fileKeyBinding(tag.organisationId(), tag.uid()), tag.fileKeyBox());
		byte[] uid = HEX.parseHex(tag.uid());
		if (!Sun.macValid(fileKey, uid, counter, macInput, mac)) {
			log.debug("NFC tap with a wrong MAC for chip …{}", tag.uid().substring(10));
			return ChipTap.unknown();
		}
		if (enc != null) {
			// the file data decrypts under this tap's session key; what it says is not
			// kept
			Sun.decryptFileData(fileKey, uid, counter, enc);
		}
		if (!accept) {
			return new ChipTap(counter > tag.lastCounter() ? Status.VERIFIED : Status.REPLAYED, tag.gtin(),
					tag.serial(), counter, tag.lastCounter());
		}
		if (this.store.accept(tag.id(), counter, this.clock.millis())) {
			return new ChipTap(Status.VERIFIED, tag.gtin(), tag.serial(), counter, tag.lastCounter());
		}
		int last = this.store.rejected(tag.id());
		alert(tag, counter, last);
		return new ChipTap(Status.REPLAYED, tag.gtin(), tag.serial(), counter, last);
	}

	private void alert(TagStore.Tag tag, int counter, int last) {
		String masked = tag.serial().length() <= 4 ? tag.serial() : tag.serial().substring(tag.serial().length() - 4);
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("source", "nfc");
		evidence.put("chip", "…" + tag.uid().substring(8));
		evidence.put("tapCounter", counter);
		evidence.put("lastAcceptedCounter", last);
		try {
			this.alerts.raise(new AlertDraft(tag.organisationId(), AlertKind.SUSPICIOUS_CODE, Severity.CRITICAL,
					"01/" + tag.gtin() + "/21/" + tag.serial(), ALERT_WINDOW,
					Map.of("en", "Chip message replayed: GTIN " + tag.gtin() + " serial …" + masked, "zh-CN",
							"芯片消息被重放：GTIN " + tag.gtin() + " 序列号 …" + masked),
					Map.of("en", "The NFC chip of this item sent tap " + counter + " again, after tap " + last
							+ " had been accepted: a copy of an earlier tap (a copied URL or a cloned tag), not the "
							+ "chip itself.", "zh-CN",
							"此商品的 NFC 芯片消息（第 " + counter + " 次触碰）在第 " + last
									+ " 次触碰被接受后再次出现：这是先前触碰的复制（被复制的链接或克隆的标签），而非芯片本身。"),
					null, evidence, tag.gtin()));
		}
		catch (RuntimeException ex) {
			log.warn("Alert on a replayed NFC tap not raised: {}", ex.toString());
		}
	}

	private TagStore.Profile profile(String name) {
		if (name.length() > 40) {
			throw InvalidException.of("profile", "no tap profile of that name");
		}
		Optional<TagStore.Profile> profile = this.profiles.get(name);
		if (profile == null) {
			profile = this.store.profile(name);
			this.profiles.put(name, profile, Duration.ofMinutes(1));
		}
		return profile.orElseThrow(() -> InvalidException.of("profile", "no tap profile '" + name + "'"));
	}

	/** The parameter's one value, {@code hexDigits} hex digits; else a problem. */
	private static String one(Map<String, String[]> parameters, String name, int hexDigits,
			List<FieldProblem> problems) {
		String[] values = parameters.get(name);
		if (values == null || values.length == 0) {
			problems.add(new FieldProblem(name, "missing"));
			return "";
		}
		if (values.length > 1) {
			problems.add(new FieldProblem(name, "given " + values.length + " times; give it once"));
			return "";
		}
		if (!NfcTagService.isHex(values[0], hexDigits)) {
			problems.add(new FieldProblem(name, "must be " + hexDigits + " hex digits"));
			return "";
		}
		return values[0];
	}

	/** The file data's hex, or null when absent; blocks of 16 bytes. */
	private static @Nullable String optional(Map<String, String[]> parameters, String name,
			List<FieldProblem> problems) {
		String[] values = parameters.get(name);
		if (values == null) {
			return null;
		}
		if (values.length > 1) {
			problems.add(new FieldProblem(name, "given " + values.length + " times; give it once"));
			return null;
		}
		String value = values[0];
		if (value.isEmpty() || value.length() > MAX_ENC_HEX || value.length() % 32 != 0
				|| !NfcTagService.isHex(value, value.length())) {
			problems.add(new FieldProblem(name, "must be hex digits in blocks of 32, at most " + MAX_ENC_HEX));
			return null;
		}
		return value;
	}

	/**
	 * The MAC input: the query's text from the start of the {@code enc} value up to the
	 * start of the {@code cmac} value; empty when cmac does not follow enc (the MAC then
	 * fails).
	 */
	static String macInput(@Nullable String rawQuery, String encParam, String cmacParam) {
		if (rawQuery == null) {
			return "";
		}
		int enc = valueStart(rawQuery, encParam);
		int cmac = valueStart(rawQuery, cmacParam);
		return enc < 0 || cmac < enc ? "" : rawQuery.substring(enc, cmac);
	}

	private static int valueStart(String query, String name) {
		int at = 0;
		while (at <= query.length()) {
			int end = query.indexOf('&', at);
			if (end < 0) {
				end = query.length();
			}
			if (query.startsWith(name + "=", at) && at + name.length() + 1 <= end) {
				return at + name.length() + 1;
			}
			at = end + 1;
		}
		return -1;
	}

}
