package com.veritrace;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.veritrace.shared.EveryNode;
import com.veritrace.shared.NodeRoles;
import com.veritrace.shared.NodeRoles.Role;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code veritrace.roles} (issue 18 item 1): how it is read, and that a node without the
 * jobs role schedules only the methods marked {@link EveryNode}.
 */
class NodeRolesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(TaskConfiguration.class, NodeConfiguration.class, Jobs.class);

	@Test
	void unsetEveryRoleAndTheHostNameAsTheNodeName() {
		NodeRoles roles = NodeRoles.from(new MockEnvironment());
		assertThat(roles.roles()).containsExactlyInAnyOrder(Role.values());
		assertThat(roles.nodeName()).isNotBlank();
		assertThat(roles.names()).containsExactly("web", "ingest", "anchor", "jobs");
	}

	@Test
	void aListInAnyCaseWithSpacesAndTheNodeName() {
		NodeRoles roles = NodeRoles.from(new MockEnvironment().withProperty("veritrace.roles", " Jobs, ANCHOR ,,")
			.withProperty("veritrace.node-name", " worker-1 "));
		assertThat(roles.roles()).isEqualTo(Set.of(Role.JOBS, Role.ANCHOR));
		assertThat(roles.names()).containsExactly("anchor", "jobs");
		assertThat(roles.nodeName()).isEqualTo("worker-1");
		assertThat(NodeRoles.from(new MockEnvironment().withProperty("veritrace.roles[0]", "ingest")).roles())
			.containsExactly(Role.INGEST);
	}

	@Test
	void anUnknownRoleOrNoneFailsNamingTheRoles() {
		assertThatExceptionOfType(NodeRoles.UnknownRoleException.class)
			.isThrownBy(() -> NodeRoles.from(new MockEnvironment().withProperty("veritrace.roles", "web,worker,Api")))
			.withMessage(
					"veritrace.roles names unknown role(s) [worker, Api]: the roles are [web, ingest, anchor, jobs]");
		assertThatExceptionOfType(NodeRoles.UnknownRoleException.class)
			.isThrownBy(() -> NodeRoles.from(new MockEnvironment().withProperty("veritrace.roles", " ")))
			.withMessageContaining("names no role");
	}

	@Test
	void anUnknownRoleFailsTheContextWithAnExplanation() {
		this.contexts.withPropertyValues("veritrace.roles=web,wbe").run(context -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new NodeRolesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.isEqualTo("The node's roles were refused: veritrace.roles names unknown role(s) [wbe]: the roles are "
						+ "[web, ingest, anchor, jobs]");
			assertThat(analysis.getAction()).contains("web, ingest, anchor and jobs");
		});
	}

	@Test
	void everyScheduledMethodRunsOnAJobsNode() {
		this.contexts.withPropertyValues("veritrace.roles=jobs")
			.run(context -> assertThat(scheduled(context)).containsExactlyInAnyOrder("clusterJob", "cacheRefresh"));
		this.contexts
			.run(context -> assertThat(scheduled(context)).containsExactlyInAnyOrder("clusterJob", "cacheRefresh"));
	}

	@Test
	void aNodeWithoutTheJobsRoleSchedulesOnlyWhatEveryNodeRuns() {
		this.contexts.withPropertyValues("veritrace.roles=web,ingest,anchor")
			.run(context -> assertThat(scheduled(context)).containsExactly("cacheRefresh"));
	}

	@Test
	void theInfoEndpointShowsTheNodesNameAndRoles() {
		this.contexts.withPropertyValues("veritrace.roles=ingest,web", "veritrace.node-name=edge-7").run(context -> {
			Info.Builder info = new Info.Builder();
			context.getBean(InfoContributor.class).contribute(info);
			assertThat(info.build().getDetails()).containsEntry("node",
					java.util.Map.of("name", "edge-7", "roles", List.of("web", "ingest")));
		});
	}

	private static List<String> scheduled(org.springframework.context.ApplicationContext context) {
		ScheduledTaskHolder holder = context.getBean(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME,
				ScheduledTaskHolder.class);
		return holder.getScheduledTasks()
			.stream()
			.map(task -> task.getTask().toString())
			.map(name -> name.substring(name.lastIndexOf('.') + 1))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Jobs {

		@Bean
		Job job() {
			return new Job();
		}

	}

	static class Job {

		@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
		void clusterJob() {
		}

		@EveryNode
		@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
		void cacheRefresh() {
		}

	}

}
