package com.veritrace;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.shared.EveryNode;
import com.veritrace.shared.NodeRoles;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Every thread of the service that is not a request thread, in one place: the shared
 * scheduler, an executor per kind of background work (sized from its feature's properties
 * where it has any), and the dedicated threads of the two blocking loops (scan log,
 * in-process ingest queue). No feature class creates threads of its own.
 * <p>
 * Shutdown, in this order, keeps what was true when each feature had its own threads:
 * <ol>
 * <li>the executors keep accepting work until they are destroyed
 * ({@code acceptTasksAfterContextClose}), so a request still served while the web server
 * drains, or a job committed just then, is not refused;</li>
 * <li>lifecycle stop: the anchor leader cancels its tick, waits for a running one and
 * gives up its lease; the integrity check is cancelled (interrupted);</li>
 * <li>beans are destroyed before the beans they use: the scan log writer writes what is
 * queued and the ingest queue stops before the database and before these executors go;
 * then each executor shuts down: interrupted where work is recovered from the database
 * (code jobs, page refreshes, scheduled rounds), left to finish where it is not waited
 * for (capture jobs, also recovered from the database).</li>
 * </ol>
 * Boot's own {@code applicationTaskExecutor} (MVC async, {@code @Async}) stays Boot's
 * ({@code spring.task.execution.mode: force}). {@code @Scheduled} methods are
 * cluster-wide jobs run only by nodes with the {@code JOBS} role, except those marked
 * {@link EveryNode} ({@link RoleScheduling}; docs/DECISIONS.md, "Node roles"). The
 * library modules (analytics' Redis counters, ingest-connectors' Kafka consumer) keep
 * their own threads (docs/DECISIONS.md).
 */
@Configuration(proxyBeanMethods = false)
public class TaskConfiguration {

	/** Capture jobs ({@code events.CaptureService}). */
	public static final String CAPTURE_EXECUTOR = "captureExecutor";

	/**
	 * Code issuance jobs ({@code issuance.IssuanceExecutors}):
	 * {@code veritrace.codes.job-threads}.
	 */
	public static final String CODE_JOB_EXECUTOR = "codeJobExecutor";

	/**
	 * Print-file image rendering ({@code issuance.IssuanceExecutors}):
	 * {@code veritrace.codes.render-threads}.
	 */
	public static final String CODE_RENDER_EXECUTOR = "codeRenderExecutor";

	/**
	 * Scan pages built again ahead of their expiry ({@code scan.CodePages}): one thread,
	 * 1,000 queued at most.
	 */
	public static final String SCAN_PAGE_REFRESH_EXECUTOR = "scanPageRefreshExecutor";

	/**
	 * Threads of the shared scheduler: one per periodic job (anchor leader, integrity
	 * check, capture recovery, lab pull), so that a long integrity check never delays an
	 * anchor round.
	 */
	static final int SCHEDULER_THREADS = 4;

	/**
	 * {@code @EnableScheduling}, with the node's roles: registers the {@code @Scheduled}
	 * methods a node runs (see {@link RoleScheduling}).
	 */
	@Bean(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RoleScheduling scheduledAnnotationProcessor() {
		return new RoleScheduling();
	}

	/**
	 * The one {@code TaskScheduler}: {@code @Scheduled} methods, the anchor leader's
	 * rounds, the integrity check and the lab pull.
	 */
	@Bean
	ThreadPoolTaskScheduler taskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(SCHEDULER_THREADS);
		scheduler.setThreadNamePrefix("scheduler-");
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setAcceptTasksAfterContextClose(true);
		return scheduler;
	}

	@Bean(CAPTURE_EXECUTOR)
	ThreadPoolTaskExecutor captureExecutor() {
		ThreadPoolTaskExecutor executor = pool("capture-worker-", 2, Integer.MAX_VALUE);
		// as before: a running capture is not interrupted; one not finished is taken up
		// again after a restart
		executor.setWaitForTasksToCompleteOnShutdown(true);
		return executor;
	}

	@Bean(SCAN_PAGE_REFRESH_EXECUTOR)
	ThreadPoolTaskExecutor scanPageRefreshExecutor() {
		// a full queue refuses: the page is then refreshed by a later scan, or rebuilt
		// when it expires
		return pool("scan-page-refresh-", 1, 1_000);
	}

	/**
	 * The dedicated threads of blocking loops, which their owners start, stop and join.
	 */
	@Bean
	LoopThreads loopThreads() {
		return new LoopThreads();
	}

	/**
	 * An executor as every one of the service is set up (daemon threads named
	 * {@code prefix}n, fixed size, accepting work until destroyed). Executors sized from
	 * a feature's own settings are declared by that feature with this (issuance's code
	 * job and render executors), so that this root configuration depends on no feature
	 * module.
	 */
	public static ThreadPoolTaskExecutor pool(String prefix, int threads, int queueCapacity) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setQueueCapacity(queueCapacity);
		executor.setThreadNamePrefix(prefix);
		executor.setDaemon(true);
		executor.setAcceptTasksAfterContextClose(true);
		return executor;
	}

	/**
	 * A blocking loop's own thread (daemon, named), for a loop that runs as long as the
	 * application and that no pool would share: its owner starts it, and stops and joins
	 * it when the owner is destroyed.
	 */
	public static final class LoopThreads {

		private final ThreadFactory factory;

		LoopThreads() {
			CustomizableThreadFactory threads = new CustomizableThreadFactory();
			threads.setDaemon(true);
			this.factory = threads;
		}

		/** A new, not yet started thread named {@code name} running {@code loop}. */
		public Thread newThread(String name, Runnable loop) {
			Thread thread = this.factory.newThread(loop);
			thread.setName(name);
			return thread;
		}

	}

	/**
	 * Spring's {@code @Scheduled} processing, except that on a node without the
	 * {@code JOBS} role ({@code veritrace.roles}) a method not marked {@link EveryNode}
	 * is not scheduled: the one place that decides which periodic jobs a node runs.
	 */
	public static final class RoleScheduling extends ScheduledAnnotationBeanPostProcessor implements EnvironmentAware {

		private static final Logger log = LoggerFactory.getLogger(RoleScheduling.class);

		private NodeRoles roles = NodeRoles.all("veritrace");

		@Override
		public void setEnvironment(Environment environment) {
			this.roles = NodeRoles.from(environment);
		}

		@Override
		protected void processScheduled(org.springframework.scheduling.annotation.Scheduled scheduled, Method method,
				Object bean) {
			if (!this.roles.has(NodeRoles.Role.JOBS) && !AnnotatedElementUtils.hasAnnotation(method, EveryNode.class)) {
				log.debug("Not scheduling {}.{}: a cluster job, and this node has no jobs role",
						method.getDeclaringClass().getSimpleName(), method.getName());
				return;
			}
			super.processScheduled(scheduled, method, bean);
		}

	}

}
