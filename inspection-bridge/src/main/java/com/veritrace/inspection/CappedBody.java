package com.veritrace.inspection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Response bodies read into memory up to a cap: an answer that declares or sends more
 * than {@code max} bytes is cut off (the connection's stream cancelled) and the call
 * fails with {@link TooLargeException}, which is not retried. Nothing a remote system
 * sends can grow our memory past the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final long max;

	private final CompletableFuture<byte[]> result = new CompletableFuture<>();

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private final long declared;

	private Flow.Subscription subscription;

	private CappedBody(long max, long declared) {
		this.max = max;
		this.declared = declared;
	}

	static HttpResponse.BodyHandler<byte[]> bytes(long max) {
		return info -> new CappedBody(max, info.headers().firstValueAsLong("Content-Length").orElse(-1));
	}

	static HttpResponse.BodyHandler<String> utf8(long max) {
		return info -> HttpResponse.BodySubscribers.mapping(bytes(max).apply(info),
				b -> new String(b, StandardCharsets.UTF_8));
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.declared > this.max) {
			// completed before the stream is cancelled, so that the cancellation's own
			// error does not win
			this.result.completeExceptionally(new TooLargeException(this.max));
			subscription.cancel();
			return;
		}
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> items) {
		if (this.result.isDone()) {
			return;
		}
		for (ByteBuffer item : items) {
			if (this.buffer.size() + (long) item.remaining() > this.max) {
				this.result.completeExceptionally(new TooLargeException(this.max));
				this.subscription.cancel();
				return;
			}
			byte[] chunk = new byte[item.remaining()];
			item.get(chunk);
			this.buffer.writeBytes(chunk);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.result.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.result.complete(this.buffer.toByteArray());
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.result;
	}

	/** The answer was larger than the cap. */
	static final class TooLargeException extends IOException {

		private final long max;

		TooLargeException(long max) {
			super("the answer is larger than " + max + " bytes");
			this.max = max;
		}

		long max() {
			return this.max;
		}

		/**
		 * The TooLargeException in {@code ex}'s causes, if any (the HTTP client may wrap
		 * it).
		 */
		static TooLargeException in(Throwable ex) {
			for (Throwable t = ex; t != null; t = t.getCause()) {
				if (t instanceof TooLargeException tooLarge) {
					return tooLarge;
				}
			}
			return null;
		}

	}

}
