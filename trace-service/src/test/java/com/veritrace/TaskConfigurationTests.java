package com.veritrace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shared threads: what their users rely on (refusal when full, work accepted until
 * they are destroyed).
 */
class TaskConfigurationTests {

	@Test
	void thePageRefreshExecutorRunsOnePageAtATimeAndRefusesWhenItsQueueIsFull() throws Exception {
		ThreadPoolTaskExecutor refresher = new TaskConfiguration().scanPageRefreshExecutor();
		refresher.initialize();
		try {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch running = new CountDownLatch(1);
			refresher.execute(() -> {
				running.countDown();
				await(release);
			});
			assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 1_000; i++) {
				refresher.execute(() -> {
				});
			}
			// CodePages catches this and leaves the page to a later scan
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> refresher.execute(() -> {
			}));
			release.countDown();
		}
		finally {
			refresher.shutdown();
		}
	}

	@Test
	void aBeanCanStillUseItsExecutorWhileItIsDestroyedAndLoopThreadsAreNamedDaemons() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(TaskConfiguration.class);
		context.registerBean(LastWork.class);
		context.refresh();
		LastWork user = context.getBean(LastWork.class);
		Thread loop = context.getBean(TaskConfiguration.LoopThreads.class).newThread("a-loop", () -> {
		});
		assertThat(loop.getName()).isEqualTo("a-loop");
		assertThat(loop.isDaemon()).isTrue();
		context.close();
		// during the user's @PreDestroy, after the context began closing: a job on the
		// capture executor, then a
		// task on the scheduler (which, left to Spring's default, stops at context close)
		assertThat(user.ran).hasSize(2);
		assertThat(user.ran.get(0)).isEqualTo("capture-worker-1");
		assertThat(user.ran.get(1)).startsWith("scheduler-");
	}

	static class LastWork {

		final List<String> ran = new ArrayList<>();

		private final AsyncTaskExecutor jobs;

		private final TaskScheduler scheduler;

		LastWork(@Qualifier(TaskConfiguration.CAPTURE_EXECUTOR) TaskExecutor jobs, TaskScheduler scheduler) {
			this.jobs = (AsyncTaskExecutor) jobs;
			this.scheduler = scheduler;
		}

		@PreDestroy
		void stop() throws Exception {
			Future<?> last = this.jobs.submit(() -> this.ran.add(Thread.currentThread().getName()));
			last.get(5, TimeUnit.SECONDS);
			Future<?> round = this.scheduler.schedule(() -> this.ran.add(Thread.currentThread().getName()),
					Instant.now());
			round.get(5, TimeUnit.SECONDS);
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
