package com.veritrace.scan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.issuance.CodesProperties;
import com.veritrace.issuance.SerialKeys;
import com.veritrace.shared.ForbiddenException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which key signs place tokens: the configured one, else one derived from the serial
 * master key all nodes share.
 */
class PlaceTokenKeyTests {

	static final String MASTER = Base64.getEncoder()
		.encodeToString("the platform's serial master key!".getBytes(StandardCharsets.US_ASCII));

	static final String OTHER_MASTER = Base64.getEncoder()
		.encodeToString("another platform's serial master".getBytes(StandardCharsets.US_ASCII));

	@TempDir
	Path dir;

	@Test
	void withoutAPlaceTokenKeyNodesSharingTheSerialKeyAcceptEachOthersTokens() {
		PlaceToken nodeA = node(MASTER, null);
		PlaceToken nodeB = node(MASTER, null);
		PlaceToken otherPlatform = node(OTHER_MASTER, null);
		String token = nodeA.issue("09506000134352", "SERIAL1", "L1", 1L);
		assertThat(nodeB.verify(token).serial()).isEqualTo("SERIAL1");
		assertThatExceptionOfType(ForbiddenException.class).isThrownBy(() -> otherPlatform.verify(token))
			.satisfies(p -> assertThat(p.type()).isEqualTo("place-token-invalid"));
	}

	@Test
	void theDerivedKeyIsTheDocumentedHmacAndNotTheSerialMasterKey() throws Exception {
		SerialKeys keys = serialKeys(MASTER);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(MASTER), "HmacSHA256"));
		byte[] expected = mac.doFinal("veritrace/place-token-key/v1".getBytes(StandardCharsets.US_ASCII));
		assertThat(ScanConfiguration.placeTokenKey(properties(null), keys)).isEqualTo(expected)
			.isNotEqualTo(Base64.getDecoder().decode(MASTER));
		assertThat(keys.purposeKey("another-purpose")).hasSize(32).isNotEqualTo(expected);
		// a purpose can never name a serial key
		assertThatIllegalArgumentException().isThrownBy(() -> keys.purposeKey("gtin-key"));
		assertThatIllegalArgumentException().isThrownBy(() -> keys.purposeKey("gtin-key/v1:09506000134352"));
	}

	@Test
	void aConfiguredPlaceTokenKeyWins() {
		byte[] configured = "a configured place token key, 32+".getBytes(StandardCharsets.US_ASCII);
		PlaceToken node = node(MASTER, Base64.getEncoder().encodeToString(configured));
		PlaceToken sameKey = new PlaceToken(configured, Duration.ofMinutes(5), Clock.systemUTC());
		assertThat(sameKey.verify(node.issue("09506000134352", "S", null, 1L)).serial()).isEqualTo("S");
		assertThatExceptionOfType(ForbiddenException.class)
			.isThrownBy(() -> node(MASTER, null).verify(node.issue("09506000134352", "S", null, 1L)));
		assertThatIllegalStateException().isThrownBy(() -> node(MASTER, "not base64!"))
			.withMessageContaining("place-token-key is not base64");
	}

	private PlaceToken node(String master, String placeTokenKey) {
		return new ScanConfiguration().placeToken(properties(placeTokenKey), serialKeys(master), Clock.systemUTC());
	}

	private SerialKeys serialKeys(String master) {
		return new SerialKeys(bind("veritrace.codes", CodesProperties.class,
				Map.of("serial-key", master, "serial-key-file", this.dir.resolve("unused").toString())));
	}

	private static ScanProperties properties(String placeTokenKey) {
		Map<String, String> values = new HashMap<>();
		if (placeTokenKey != null) {
			values.put("place-token-key", placeTokenKey);
		}
		return bind("veritrace.scan", ScanProperties.class, values);
	}

	private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
		Map<String, String> prefixed = new HashMap<>();
		values.forEach((k, v) -> prefixed.put(prefix + "." + k, v));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate(prefix, type);
	}

}
