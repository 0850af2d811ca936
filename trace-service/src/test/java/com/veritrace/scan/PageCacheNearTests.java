package com.veritrace.scan;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis page cache's copy in this process: fresh within its TTL; once expired, one
 * caller at a time claims the read from Redis while the others may still use the page of
 * a moment ago; bounded.
 */
class PageCacheNearTests {

	final CodePage page = CodePage.unknown("reason.unknown", 0);

	@Test
	void anExpiredEntryIsReadAgainByOneCallerWhileTheOthersUseIt() {
		PageCache.Near near = new PageCache.Near(10);
		assertThat(near.get("k")).isNull();
		near.put("k", this.page, Duration.ofMinutes(1));
		assertThat(near.get("k").fresh()).isTrue();

		near.put("k", this.page, Duration.ZERO);
		PageCache.Near.Entry expired = near.get("k");
		assertThat(expired.fresh()).isFalse();
		assertThat(expired.recent()).isTrue();
		assertThat(near.claim("k")).isTrue();
		assertThat(near.claim("k")).as("a second caller while the first reads").isFalse();
		near.release("k");
		assertThat(near.claim("k")).isTrue();

		// expired longer ago than a TTL: not handed out any more
		near.put("old", this.page, PageCache.Redis.NEAR_TTL.negated());
		assertThat(near.get("old").recent()).isFalse();
	}

	@Test
	void isEmptiedWhenFull() {
		PageCache.Near near = new PageCache.Near(2);
		near.put("a", this.page, Duration.ofMinutes(1));
		near.put("b", this.page, Duration.ofMinutes(1));
		near.put("c", this.page, Duration.ofMinutes(1));
		assertThat(near.get("a")).isNull();
		assertThat(near.get("c")).isNotNull();
	}

}
