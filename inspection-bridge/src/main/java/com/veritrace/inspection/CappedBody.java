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

	private final Handler<?> handler;

	private CappedBody(long max, long declared, Handler<?> handler) {
		this.max = max;
		this.declared = declared;
		this.handler = handler;
	}

	static Handler<byte[]> bytes(long max) {
		return new Handler<>(max, body -> body);
	}

	static Handler<String> utf8(long max) {
		return new Handler<>(max,
				body -> HttpResponse.BodySubscribers.mapping(body, b -> new String(b, StandardCharsets.UTF_8)));
	}

	/**
	 * A capped body handler that remembers whether an answer went over its cap:
	 * cancelling the stream makes the HTTP client fail the call with its own error
	 * ("stream cancelled"), which may or may not carry {@link TooLargeException} as its
	 * cause, so the caller asks the handler ({@link #exceeded()}).
	 */
	static final class Handler<T> implements HttpResponse.BodyHandler<T> {

		private final long max;

		private final java.util.function.Function<HttpResponse.BodySubscriber<byte[]>, HttpResponse.BodySubscriber<T>> finish;

		private volatile boolean exceeded;

		private Handler(long max,
				java.util.function.Function<HttpResponse.BodySubscriber<byte[]>, HttpResponse.BodySubscriber<T>> finish) {
			this.max = max;
			this.finish = finish;
		}

		@Override
		public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
			return this.finish
				.apply(new CappedBody(this.max, info.headers().firstValueAsLong("Content-Length").orElse(-1), this));
		}

		/** Whether an answer read through this handler went over the cap. */
		boolean exceeded() {
			return this.exceeded;
		}

		long max() {
			return this.max;
		}

	}

	private void tooLarge() {
		this.handler.exceeded = true;
		this.result.completeExceptionally(new TooLargeException(this.max));
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.declared > this.max) {
			// completed before the stream is cancelled, so that the cancellation's own
			// error does not win
			tooLarge();
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
				tooLarge();
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

	}

}
