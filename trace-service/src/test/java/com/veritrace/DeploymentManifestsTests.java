package com.veritrace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.feeds.IngestProperties;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.shared.NodeRoles;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment manifests ({@code deploy/k8s}, {@code deploy/compose}) checked against
 * the Kubernetes model and against this application, without a cluster or a Docker
 * daemon. Kubernetes documents are read with the fabric8 model (a field the model does
 * not know fails, as a typo would be silently ignored by a lenient reader); the compose
 * file with SnakeYAML, interpolated with {@code .env.example} as compose would. Then what
 * a wrong manifest would get wrong quietly: an environment variable that names no
 * property, a Secret or ConfigMap key that does not exist, a probe not on the actuator's
 * paths, a pod that may run as root or write its image, an autoscaler or disruption
 * budget aimed at nothing, and a node refused by the production start-up checks
 * ({@link ProductionSafety}) or by its settings' binding.
 */
class DeploymentManifestsTests {

	static final Path DEPLOY = Path.of("../deploy");

	static final Path K8S = DEPLOY.resolve("k8s");

	static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");

	static final Path ENV_EXAMPLE = DEPLOY.resolve("compose/.env.example");

	static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

	static final String LIVENESS = "/actuator/health/liveness", READINESS = "/actuator/health/readiness";

	/**
	 * The variables an application container may be given that are not Spring properties
	 * (the JVM's own); every other one must name a property.
	 */
	static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS");

	static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	static final KnownProperties KNOWN = KnownProperties.load();

	@Test
	void kubernetesManifestsParseWithTheModelAndHaveNoFieldItDoesNotKnow() {
		List<Manifest> manifests = kubernetes();
		assertThat(manifests).extracting(Manifest::kind)
			.contains("Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
					"ConfigMap", "Secret", "Ingress", "PersistentVolumeClaim", "KafkaUser", "KafkaTopic");
		for (Manifest manifest : manifests) {
			if (manifest.resource() instanceof GenericKubernetesResource generic) {
				// custom resources (Strimzi): the model has no schema for them
				assertThat(generic.getApiVersion()).as(manifest.where()).startsWith("kafka.strimzi.io/");
				assertThat(generic.getMetadata().getLabels()).as(manifest.where()).containsKey("strimzi.io/cluster");
				continue;
			}
			assertThat(unknownFields(manifest.resource(), manifest.kind())).as(manifest.where()).isEmpty();
		}
	}

	@Test
	void everyWorkloadProbesTheActuatorHasResourcesAndRunsNonRootReadOnly() {
		List<Workload> workloads = workloads(kubernetes());
		assertThat(workloads).extracting(Workload::name)
			.containsExactlyInAnyOrder("veritrace-web", "veritrace-ingest", "veritrace-leader");
		for (Workload workload : workloads) {
			String where = workload.where();
			assertThat(workload.selector().getMatchLabels()).as(where + ": selector matches the pods' labels")
				.isNotEmpty()
				.allSatisfy((key, value) -> assertThat(workload.template().getMetadata().getLabels()).containsEntry(key,
						value));
			var pod = workload.template().getSpec();
			assertThat(pod.getTerminationGracePeriodSeconds()).as(where + ": room for two 30 s shutdown phases")
				.isGreaterThanOrEqualTo(60L);
			PodSecurityContext podSecurity = pod.getSecurityContext();
			for (Container container : pod.getContainers()) {
				String at = where + " container " + container.getName();
				assertThat(httpPath(container.getLivenessProbe(), container)).as(at + " liveness").isEqualTo(LIVENESS);
				assertThat(httpPath(container.getReadinessProbe(), container)).as(at + " readiness")
					.isEqualTo(READINESS);
				if (container.getStartupProbe() != null) {
					assertThat(httpPath(container.getStartupProbe(), container)).as(at + " startup")
						.isEqualTo(LIVENESS);
				}
				ResourceRequirements resources = container.getResources();
				assertThat(resources).as(at + " resources").isNotNull();
				for (String resource : List.of("cpu", "memory")) {
					Quantity request = resources.getRequests().get(resource);
					Quantity limit = resources.getLimits().get(resource);
					assertThat(request).as(at + " requests " + resource).isNotNull();
					assertThat(limit).as(at + " limits " + resource).isNotNull();
					assertThat(request.getNumericalAmount()).as(at + " " + resource + " request <= limit")
						.isLessThanOrEqualTo(limit.getNumericalAmount());
				}
				SecurityContext security = container.getSecurityContext();
				Boolean nonRoot = (security != null && security.getRunAsNonRoot() != null) ? security.getRunAsNonRoot()
						: (podSecurity != null ? podSecurity.getRunAsNonRoot() : null);
				assertThat(nonRoot).as(at + " runAsNonRoot").isTrue();
				Long user = (security != null && security.getRunAsUser() != null) ? security.getRunAsUser()
						: (podSecurity != null ? podSecurity.getRunAsUser() : null);
				assertThat(user).as(at + " runAsUser").isNotNull().isNotZero();
				assertThat(security).as(at + " securityContext").isNotNull();
				assertThat(security.getReadOnlyRootFilesystem()).as(at + " readOnlyRootFilesystem").isTrue();
				assertThat(security.getAllowPrivilegeEscalation()).as(at + " allowPrivilegeEscalation").isFalse();
				assertThat(security.getCapabilities().getDrop()).as(at + " capabilities dropped").contains("ALL");
				Map<String, Volume> volumes = new LinkedHashMap<>();
				pod.getVolumes().forEach((v) -> volumes.put(v.getName(), v));
				for (VolumeMount mount : container.getVolumeMounts()) {
					assertThat(volumes).as(at + " mount " + mount.getMountPath()).containsKey(mount.getName());
				}
				assertThat(container.getVolumeMounts())
					.as(at + ": a writable /tmp (emptyDir) under the read-only root file system")
					.anySatisfy((mount) -> {
						assertThat(mount.getMountPath()).isEqualTo("/tmp");
						assertThat(volumes.get(mount.getName()).getEmptyDir()).isNotNull();
					});
			}
		}
	}

	@Test
	void everySecretAndConfigMapKeyReferencedExists() {
		List<Manifest> manifests = kubernetes();
		Map<String, Set<String>> secrets = keysByName(manifests, "Secret");
		Map<String, Set<String>> configMaps = keysByName(manifests, "ConfigMap");
		Set<String> claims = new TreeSet<>();
		manifests.stream()
			.filter((m) -> m.resource() instanceof PersistentVolumeClaim)
			.forEach((m) -> claims.add(m.resource().getMetadata().getName()));
		List<String> missing = new ArrayList<>();
		int references = 0;
		for (Workload workload : workloads(manifests)) {
			var pod = workload.template().getSpec();
			for (Container container : pod.getContainers()) {
				for (EnvVar env : container.getEnv()) {
					if (env.getValueFrom() == null) {
						continue;
					}
					var secret = env.getValueFrom().getSecretKeyRef();
					var configMap = env.getValueFrom().getConfigMapKeyRef();
					if (secret != null) {
						references++;
						if (!secrets.getOrDefault(secret.getName(), Set.of()).contains(secret.getKey())) {
							missing.add(workload.where() + " " + env.getName() + ": Secret " + secret.getName()
									+ " key " + secret.getKey());
						}
					}
					if (configMap != null) {
						references++;
						if (!configMaps.getOrDefault(configMap.getName(), Set.of()).contains(configMap.getKey())) {
							missing.add(workload.where() + " " + env.getName() + ": ConfigMap " + configMap.getName()
									+ " key " + configMap.getKey());
						}
					}
				}
				for (EnvFromSource from : container.getEnvFrom()) {
					references++;
					if (from.getConfigMapRef() != null && !configMaps.containsKey(from.getConfigMapRef().getName())) {
						missing.add(workload.where() + ": envFrom ConfigMap " + from.getConfigMapRef().getName());
					}
					if (from.getSecretRef() != null && !secrets.containsKey(from.getSecretRef().getName())) {
						missing.add(workload.where() + ": envFrom Secret " + from.getSecretRef().getName());
					}
				}
			}
			for (Volume volume : pod.getVolumes()) {
				if (volume.getSecret() != null) {
					references++;
					Set<String> keys = secrets.get(volume.getSecret().getSecretName());
					if (keys == null) {
						missing.add(workload.where() + " volume " + volume.getName() + ": Secret "
								+ volume.getSecret().getSecretName());
					}
					else {
						volume.getSecret()
							.getItems()
							.stream()
							.filter((item) -> !keys.contains(item.getKey()))
							.forEach((item) -> missing.add(workload.where() + " volume " + volume.getName()
									+ ": Secret key " + item.getKey()));
					}
				}
				if (volume.getPersistentVolumeClaim() != null) {
					references++;
					if (!claims.contains(volume.getPersistentVolumeClaim().getClaimName())) {
						missing.add(workload.where() + " volume " + volume.getName() + ": claim "
								+ volume.getPersistentVolumeClaim().getClaimName());
					}
				}
			}
		}
		assertThat(references).isGreaterThan(20);
		assertThat(missing).isEmpty();
	}

	@Test
	void everyVariableSetNamesAPropertyTheApplicationKnows() {
		Map<String, String> unknown = new TreeMap<>();
		for (Workload workload : workloads(kubernetes())) {
			environment(workload, kubernetes()).forEach((name, value) -> {
				if (!NOT_PROPERTIES.contains(name) && !KNOWN.knows(name, value)) {
					unknown.put(workload.where() + " " + name, value);
				}
			});
		}
		// the overlay's ConfigMap patches add variables too (through envFrom)
		of(kubernetes(), ConfigMap.class).forEach((map) -> map.getData().forEach((name, value) -> {
			if (!NOT_PROPERTIES.contains(name) && !KNOWN.knows(name, value)) {
				unknown.put("ConfigMap " + map.getMetadata().getName() + " " + name, value);
			}
		}));
		Compose compose = Compose.load();
		compose.appServices().forEach((service) -> compose.environment(service).forEach((name, value) -> {
			if (!NOT_PROPERTIES.contains(name) && !KNOWN.knows(name, value)) {
				unknown.put("compose " + service + " " + name, value);
			}
		}));
		assertThat(unknown).as("variables that name no property of the application").isEmpty();
	}

	@Test
	void theCheckOfVariableNamesTellsAKnownPropertyFromAMisspeltOne() {
		// relaxed binding: the canonical form, the placeholders application.yml reads,
		// map entries, Boot's own
		assertThat(KNOWN.knows("VERITRACE_ANCHOR_EVM_RPCURL", "http://x:8545")).isTrue();
		assertThat(KNOWN.knows("VERITRACE_SERIAL_KEY", "x")).isTrue();
		assertThat(KNOWN.knows("VERITRACE_INGEST_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL")).isTrue();
		assertThat(KNOWN.knows("VERITRACE_ROLES", "web")).isTrue();
		assertThat(KNOWN.knows("VERITRACE_NODENAME", "web-0")).isTrue();
		assertThat(KNOWN.knows("SPRING_MAIL_HOST", "smtp")).isTrue();
		assertThat(KNOWN.knows("SERVER_TOMCAT_REMOTEIP_INTERNALPROXIES", "10\\..*")).isTrue();
		// Spring also reads a dash as an underscore (its legacy form): set, not silently
		// ignored
		assertThat(KNOWN.knows("VERITRACE_SCAN_REDIS_URL", "redis://x")).isTrue();
		// silent misconfigurations: a property that does not exist, or a map where a
		// value is expected
		assertThat(KNOWN.knows("VERITRACE_ANCHOR_EVM_RPCURI", "http://x:8545")).isFalse();
		assertThat(KNOWN.knows("VERITRACE_SCAN_REDISHOST", "redis")).isFalse();
		assertThat(KNOWN.knows("VERITRACE_ROLE", "web")).isFalse();
		assertThat(KNOWN.knows("SPRING_DATASOURCE_URI", "jdbc:mysql://x")).isFalse();
		assertThat(KNOWN.knows("VERITRACE_INGEST_KAFKA_BOOTSTRAP", "x:9092")).isFalse();
	}

	@Test
	void everyNodePassesTheProductionStartUpChecksAndItsSettingsBind() {
		List<Manifest> manifests = kubernetes();
		for (Workload workload : workloads(manifests)) {
			assertStartsInProduction(workload.where(), environment(workload, manifests));
		}
		Compose compose = Compose.load();
		for (String service : compose.appServices()) {
			assertStartsInProduction("compose " + service, compose.environment(service));
		}
	}

	@Test
	void whatEveryNodeWritesIsOnAWritableVolume() {
		// every node, whatever its roles, builds the document store, which creates
		// its folder at start; mails go to the outbox folder without an SMTP host
		List<Manifest> manifests = kubernetes();
		for (Workload workload : workloads(manifests)) {
			List<String> writable = new ArrayList<>();
			Container container = workload.template().getSpec().getContainers().get(0);
			container.getVolumeMounts()
				.stream()
				.filter((mount) -> !Boolean.TRUE.equals(mount.getReadOnly()))
				.forEach((mount) -> writable.add(mount.getMountPath()));
			assertWritten(workload.where(), environment(environment(workload, manifests)), writable);
		}
		Compose compose = Compose.load();
		for (String service : compose.appServices()) {
			List<String> writable = new ArrayList<>();
			Map<String, Object> definition = compose.services().get(service);
			Compose.list(definition.get("tmpfs")).forEach((t) -> writable.add(String.valueOf(t).split(":")[0]));
			Compose.list(definition.get("volumes"))
				.stream()
				.map(String::valueOf)
				.filter((v) -> !v.endsWith(":ro"))
				.forEach((v) -> writable.add(v.split(":")[1]));
			assertWritten("compose " + service, environment(compose.environment(service)), writable);
		}
	}

	static void assertWritten(String where, StandardEnvironment environment, List<String> writable) {
		List<String> written = new ArrayList<>();
		written.add(environment.getProperty("veritrace.inspection.document-store.directory"));
		if (environment.getProperty("spring.mail.host", "").isBlank()) {
			written.add(environment.getProperty("veritrace.accounts.outbox"));
		}
		for (String path : written) {
			assertThat(writable).as(where + ": " + path + " is on a writable mount (the root file system is read-only)")
				.anySatisfy((mount) -> assertThat(Path.of(path).normalize().startsWith(Path.of(mount))).isTrue());
		}
	}

	@Test
	void everyRoleRunsSomewhereAndTheAnchorLeaderInOneWorkload() {
		List<Manifest> manifests = kubernetes();
		Map<String, Set<NodeRoles.Role>> k8s = new TreeMap<>();
		for (Workload workload : workloads(manifests)) {
			k8s.put(workload.name(), roles(environment(workload, manifests)));
		}
		assertRoles(k8s);
		Compose compose = Compose.load();
		Map<String, Set<NodeRoles.Role>> services = new TreeMap<>();
		compose.appServices().forEach((service) -> services.put(service, roles(compose.environment(service))));
		assertRoles(services);
	}

	@Test
	void autoscalersBudgetsServicesAndTheIngressAimAtWhatExists() {
		List<Manifest> manifests = kubernetes();
		List<Workload> workloads = workloads(manifests);
		List<HorizontalPodAutoscaler> autoscalers = of(manifests, HorizontalPodAutoscaler.class);
		assertThat(autoscalers).extracting((h) -> h.getSpec().getScaleTargetRef().getName())
			.containsExactlyInAnyOrder("veritrace-web", "veritrace-ingest");
		for (HorizontalPodAutoscaler hpa : autoscalers) {
			var target = hpa.getSpec().getScaleTargetRef();
			assertThat(workloads).as("HPA " + hpa.getMetadata().getName() + " target").anySatisfy((w) -> {
				assertThat(w.kind()).isEqualTo(target.getKind());
				assertThat(w.name()).isEqualTo(target.getName());
				assertThat(target.getApiVersion()).isEqualTo("apps/v1");
			});
			assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
			assertThat(hpa.getSpec().getMetrics()).isNotEmpty();
		}
		List<PodDisruptionBudget> budgets = of(manifests, PodDisruptionBudget.class);
		assertThat(budgets).isNotEmpty();
		for (PodDisruptionBudget pdb : budgets) {
			Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
			List<Workload> matched = workloads.stream().filter((w) -> selects(selector, w)).toList();
			assertThat(matched).as("PDB " + pdb.getMetadata().getName() + " selects the pods of one workload")
				.hasSize(1);
			IntOrString minAvailable = pdb.getSpec().getMinAvailable();
			if (minAvailable != null && minAvailable.getIntVal() != null) {
				// else a drain could never evict one of them
				assertThat(minAvailable.getIntVal()).as("PDB " + pdb.getMetadata().getName() + " minAvailable")
					.isLessThan(matched.get(0).replicas());
			}
		}
		List<Service> services = of(manifests, Service.class);
		for (Service service : services) {
			List<Workload> matched = workloads.stream()
				.filter((w) -> selects(service.getSpec().getSelector(), w))
				.toList();
			assertThat(matched).as("Service " + service.getMetadata().getName() + " selects pods").hasSize(1);
			for (ServicePort port : service.getSpec().getPorts()) {
				assertThat(
						containerPort(matched.get(0).template().getSpec().getContainers().get(0), port.getTargetPort()))
					.as("Service " + service.getMetadata().getName() + " targetPort " + port.getTargetPort())
					.isNotNull();
			}
		}
		for (Workload workload : workloads) {
			if (workload.kind().equals("StatefulSet")) {
				String governing = ((StatefulSet) workload.resource()).getSpec().getServiceName();
				assertThat(services).extracting((s) -> s.getMetadata().getName())
					.as(workload.where() + " serviceName")
					.contains(governing);
			}
		}
		List<Ingress> ingresses = of(manifests, Ingress.class);
		assertThat(ingresses).isNotEmpty();
		for (Ingress ingress : ingresses) {
			for (IngressRule rule : ingress.getSpec().getRules()) {
				rule.getHttp().getPaths().forEach((path) -> {
					IngressBackend backend = path.getBackend();
					Service service = services.stream()
						.filter((s) -> s.getMetadata().getName().equals(backend.getService().getName()))
						.findFirst()
						.orElseThrow(() -> new AssertionError("Ingress backend " + backend.getService().getName()));
					assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
						.contains(backend.getService().getPort().getName());
				});
			}
		}
	}

	@Test
	void strimziTopicsAndUsersMatchWhatTheIngestNodesConsume() {
		List<Manifest> manifests = kubernetes();
		Workload ingest = workloads(manifests).stream()
			.filter((w) -> w.name().equals("veritrace-ingest"))
			.findFirst()
			.orElseThrow();
		IngestProperties settings = Binder.get(environment(environment(ingest, manifests)))
			.bindOrCreate("veritrace.ingest", IngestProperties.class);
		PartnerTopics layout = new PartnerTopics(settings.topicPrefix());
		String prefix = settings.topicPrefix() + ".";
		List<GenericKubernetesResource> custom = of(manifests, GenericKubernetesResource.class);
		List<GenericKubernetesResource> topics = custom.stream()
			.filter((r) -> r.getKind().equals("KafkaTopic"))
			.toList();
		assertThat(topics).isNotEmpty();
		for (GenericKubernetesResource topic : topics) {
			String name = topic.getMetadata().getName();
			String subscribed = name.endsWith(PartnerTopics.DEAD_LETTER_SUFFIX)
					? name.substring(0, name.length() - PartnerTopics.DEAD_LETTER_SUFFIX.length()) : name;
			assertThat(layout.parse(subscribed)).as("KafkaTopic " + name + " is a partner topic the ingest nodes read")
				.isPresent();
			int replicas = ((Number) topic.get("spec", "replicas")).intValue();
			Object minInSync = topic.get("spec", "config", "min.insync.replicas");
			assertThat(((Number) topic.get("spec", "partitions")).intValue()).as(name + " partitions").isPositive();
			if (minInSync != null) {
				// else one broker down stops the partners' acknowledged writes
				assertThat(((Number) minInSync).intValue()).as(name + " min.insync.replicas").isLessThan(replicas);
			}
		}
		Map<String, List<Map<String, Object>>> acls = new TreeMap<>();
		for (GenericKubernetesResource user : custom) {
			if (user.getKind().equals("KafkaUser")) {
				List<Map<String, Object>> own = new ArrayList<>();
				Compose.list(user.get("spec", "authorization", "acls")).forEach((acl) -> own.add(Compose.map(acl)));
				acls.put(user.getMetadata().getName(), own);
			}
		}
		// the service's user: the one the ingest nodes log in as
		String jaas = of(manifests, Secret.class).stream()
			.map((secret) -> secret.getStringData().get("sasl.jaas.config"))
			.filter((value) -> value != null)
			.findFirst()
			.orElseThrow();
		Matcher username = Pattern.compile("username=\"([^\"]+)\"").matcher(jaas);
		assertThat(username.find()).isTrue();
		List<Map<String, Object>> service = acls.get(username.group(1));
		assertThat(service).as("KafkaUser " + username.group(1) + " (the JAAS user of the service)").isNotNull();
		assertThat(allows(service, "topic", prefix, "prefix", "Read")).as("reads every partner topic").isTrue();
		assertThat(allows(service, "topic", prefix, "prefix", "Write")).as("writes dead letters").isTrue();
		assertThat(allows(service, "group", settings.kafka().groupId(), "literal", "Read"))
			.as("commits in group " + settings.kafka().groupId())
			.isTrue();
		// partners (User:org-<id>): their own topics, to write, and nothing to read
		acls.forEach((user, rules) -> {
			Matcher partner = Pattern.compile("org-([1-9][0-9]*)").matcher(user);
			if (!partner.matches()) {
				return;
			}
			assertThat(allows(rules, "topic", prefix + partner.group(1) + ".", "prefix", "Write")).as(user).isTrue();
			assertThat(rules).as(user + ": its own topics only, and no reading").allSatisfy((rule) -> {
				assertThat(Compose.map(rule.get("resource")).get("name")).isEqualTo(prefix + partner.group(1) + ".");
				assertThat(Compose.list(rule.get("operations")).contains("Read")).isFalse();
			});
		});
	}

	static boolean allows(List<Map<String, Object>> acls, String type, String name, String pattern, String operation) {
		return acls.stream().anyMatch((acl) -> {
			Map<String, Object> resource = Compose.map(acl.get("resource"));
			return type.equals(resource.get("type")) && name.equals(resource.get("name"))
					&& pattern.equals(resource.getOrDefault("patternType", "literal"))
					&& Compose.list(acl.get("operations")).contains(operation);
		});
	}

	@Test
	void secretTemplatesHoldPlaceholdersOnly() {
		List<Secret> secrets = of(kubernetes(), Secret.class);
		assertThat(secrets).isNotEmpty();
		for (Secret secret : secrets) {
			assertThat(secret.getData()).as("Secret " + secret.getMetadata().getName() + ": no encoded values")
				.isNullOrEmpty();
			secret.getStringData().forEach((key, value) -> {
				if (!key.equals("username")) {
					assertThat(value).as("Secret " + secret.getMetadata().getName() + " " + key).contains("REPLACE_ME");
				}
			});
		}
		// compose: every variable compose.yaml requires is a secret left for the operator
		// to generate
		Map<String, String> example = Compose.dotEnv(ENV_EXAMPLE);
		Set<String> required = Compose.load().secretVariables();
		assertThat(required).contains("MYSQL_PASSWORD", "VERITRACE_SERIAL_KEY", "VERITRACE_ANCHOR_SIGNING_KEY");
		required.forEach((name) -> assertThat(example.get(name)).as(".env.example " + name).isEqualTo("CHANGE_ME"));
	}

	@Test
	void kustomizationsListFilesThatExistAndNameTheServiceImage() throws IOException {
		List<Path> kustomizations;
		try (Stream<Path> files = Files.walk(K8S)) {
			kustomizations = files.filter((p) -> p.getFileName().toString().equals("kustomization.yaml")).toList();
		}
		assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(3);
		Set<Path> listed = new LinkedHashSet<>();
		for (Path kustomization : kustomizations) {
			Map<String, Object> root = new Yaml().load(Files.readString(kustomization, StandardCharsets.UTF_8));
			assertThat(root).as(kustomization.toString()).containsEntry("kind", "Kustomization");
			Path dir = kustomization.getParent();
			for (Object resource : Compose.list(root.get("resources"))) {
				Path path = dir.resolve(String.valueOf(resource)).normalize();
				assertThat(path).as(kustomization + " resource").exists();
				listed.add(path);
			}
			for (Object patch : Compose.list(root.get("patches"))) {
				Object file = Compose.map(patch).get("path");
				if (file != null) {
					Path path = dir.resolve(String.valueOf(file)).normalize();
					assertThat(path).as(kustomization + " patch").exists();
					listed.add(path);
				}
			}
			for (Object image : Compose.list(root.get("images"))) {
				assertThat(Compose.map(image).get("name")).isEqualTo("veritrace/trace-service");
			}
		}
		// every manifest is in some kustomization: none is left out of what is applied
		for (Manifest manifest : kubernetes()) {
			Path file = manifest.file().normalize();
			assertThat(listed).as(file + " listed by a kustomization").contains(file);
		}
		for (Workload workload : workloads(kubernetes())) {
			assertThat(workload.template().getSpec().getContainers().get(0).getImage())
				.isEqualTo("veritrace/trace-service");
		}
	}

	@Test
	void composeParsesAndEveryServiceIsHealthCheckedAndStartedInOrder() {
		Compose compose = Compose.load();
		assertThat(compose.appServices()).containsExactlyInAnyOrder("leader", "ingest", "web");
		assertThat(compose.services().keySet()).contains("mysql", "kafka", "redis", "anvil", "proxy");
		assertThat(compose.image("mysql")).startsWith("mysql:8");
		assertThat(compose.image("kafka")).startsWith("apache/kafka:");
		assertThat(compose.environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
		Set<String> volumes = compose.section("volumes").keySet();
		for (var entry : compose.services().entrySet()) {
			String name = entry.getKey();
			Map<String, Object> service = entry.getValue();
			Map<String, Object> healthcheck = Compose.map(service.get("healthcheck"));
			boolean oneShot = !service.containsKey("restart");
			if (!oneShot) {
				assertThat(healthcheck).as("compose " + name + " healthcheck").isNotEmpty();
				assertThat(String.valueOf(healthcheck.get("test"))).as("compose " + name + " healthcheck").isNotBlank();
			}
			Compose.map(service.get("depends_on")).forEach((target, how) -> {
				assertThat(compose.services()).as("compose " + name + " depends on " + target).containsKey(target);
				String condition = String.valueOf(Compose.map(how).get("condition"));
				Map<String, Object> other = compose.services().get(target);
				if (other.containsKey("restart")) {
					assertThat(condition).as("compose " + name + " waits for " + target).isEqualTo("service_healthy");
					assertThat(other).as("compose " + target + " healthcheck").containsKey("healthcheck");
				}
				else {
					assertThat(condition).as("compose " + name + " waits for " + target)
						.isEqualTo("service_completed_successfully");
				}
			});
			for (Object mount : Compose.list(service.get("volumes"))) {
				String source = String.valueOf(mount).split(":")[0];
				if (!source.startsWith(".") && !source.startsWith("/")) {
					assertThat(volumes).as("compose " + name + " volume " + source).contains(source);
				}
				else {
					assertThat(COMPOSE.getParent().resolve(source)).as("compose " + name + " file " + source).exists();
				}
			}
		}
		for (String name : compose.appServices()) {
			Map<String, Object> service = compose.services().get(name);
			String at = "compose " + name;
			assertThat(String.valueOf(Compose.map(service.get("healthcheck")).get("test"))).as(at + " healthcheck")
				.contains(READINESS);
			assertThat(service.get("read_only")).as(at + " read_only").isEqualTo(true);
			assertThat(String.valueOf(service.get("user"))).as(at + " user")
				.doesNotStartWith("0")
				.doesNotStartWith("root");
			assertThat(Compose.list(service.get("tmpfs"))).as(at + " tmpfs /tmp")
				.anySatisfy((t) -> assertThat(String.valueOf(t)).startsWith("/tmp"));
			assertThat(service).as(at + " memory limit").containsKey("mem_limit");
			assertThat(Compose.map(service.get("depends_on"))).as(at + " waits for its servers").isNotEmpty();
		}
		// the leader starts first (it deploys the anchor contract on a fresh chain): the
		// others wait for it
		assertThat(Compose.map(compose.services().get("web").get("depends_on"))).containsKey("leader");
		assertThat(Compose.map(compose.services().get("ingest").get("depends_on"))).containsKey("leader");
	}

	// --- what the application would do with a node's environment ---

	/**
	 * Runs {@link ProductionSafety} and binds every settings record, as start-up would,
	 * against the node's variables over application.yml (its default document and the
	 * active profile's).
	 */
	static void assertStartsInProduction(String where, Map<String, String> variables) {
		StandardEnvironment environment = environment(variables);
		assertThat(environment.getActiveProfiles()).as(where + ": a production profile")
			.containsAnyOf(ProductionSafety.PRODUCTION_PROFILES.toArray(String[]::new));
		assertThat(ProductionSafety.findings(environment)).as(where + ": production start-up checks").isEmpty();
		Binder binder = Binder.get(environment);
		for (Class<?> settings : KnownProperties.settingsClasses()) {
			String prefix = KnownProperties.prefix(settings);
			try {
				binder.bindOrCreate(prefix, Bindable.of(settings));
			}
			catch (RuntimeException ex) {
				throw new AssertionError(where + ": " + prefix + " does not bind: " + ex.getMessage(), ex);
			}
		}
		NodeRoles.from(environment);
		assertThat(environment.getProperty("spring.datasource.url")).as(where + " database").startsWith("jdbc:mysql:");
	}

	static StandardEnvironment environment(Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		sources
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Collections.unmodifiableMap(new LinkedHashMap<>(variables))));
		String[] profiles = variables.getOrDefault("SPRING_PROFILES_ACTIVE", "").split(",");
		environment.setActiveProfiles(profiles);
		List<PropertySource<?>> documents = applicationYml();
		for (String profile : profiles) {
			for (PropertySource<?> document : documents) {
				if (profile.equals(document.getProperty("spring.config.activate.on-profile"))) {
					sources.addLast(document);
				}
			}
		}
		sources.addLast(documents.get(0));
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static List<PropertySource<?>> applicationYml;

	/**
	 * application.yml's documents, read once (property sources are not changed by use).
	 */
	static synchronized List<PropertySource<?>> applicationYml() {
		if (applicationYml != null) {
			return applicationYml;
		}
		try {
			applicationYml = List.copyOf(
					new YamlPropertySourceLoader().load("application.yml", new FileSystemResource(APPLICATION_YML)));
			return applicationYml;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Set<NodeRoles.Role> roles(Map<String, String> variables) {
		return NodeRoles.from(environment(variables)).roles();
	}

	static void assertRoles(Map<String, Set<NodeRoles.Role>> byWorkload) {
		Set<NodeRoles.Role> all = EnumSet.noneOf(NodeRoles.Role.class);
		byWorkload.values().forEach(all::addAll);
		assertThat(all).as("roles run somewhere: " + byWorkload).isEqualTo(EnumSet.allOf(NodeRoles.Role.class));
		assertThat(byWorkload.values().stream().filter((r) -> r.contains(NodeRoles.Role.ANCHOR)))
			.as("anchor candidates in one workload: " + byWorkload)
			.hasSize(1);
		assertThat(byWorkload.values()).as("no workload runs every role: " + byWorkload)
			.noneMatch((r) -> r.size() == NodeRoles.Role.values().length);
	}

	// --- Kubernetes documents ---

	record Manifest(Path file, int index, String kind, HasMetadata resource) {

		String where() {
			return this.file + "#" + this.index + " " + this.kind + " " + this.resource.getMetadata().getName();
		}

	}

	record Workload(String kind, String name, int replicas, LabelSelector selector, PodTemplateSpec template,
			HasMetadata resource) {

		String where() {
			return this.kind + " " + this.name;
		}

	}

	private static List<Manifest> cachedManifests;

	static synchronized List<Manifest> kubernetes() {
		if (cachedManifests != null) {
			return cachedManifests;
		}
		List<Manifest> manifests = new ArrayList<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(K8S)) {
			files = walk.filter((p) -> p.toString().endsWith(".yaml"))
				.filter((p) -> !p.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Path file : files) {
			int index = 0;
			String text;
			try {
				text = Files.readString(file, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + file, ex);
			}
			for (Object document : new Yaml().loadAll(text)) {
				if (document == null) {
					continue;
				}
				KubernetesResource resource = SERIALIZATION.convertValue(document, KubernetesResource.class);
				assertThat(resource).as(file + "#" + index).isInstanceOf(HasMetadata.class);
				HasMetadata metadata = (HasMetadata) resource;
				assertThat(metadata.getMetadata().getName()).as(file + "#" + index + " name").isNotBlank();
				manifests.add(new Manifest(file, index++, metadata.getKind(), metadata));
			}
		}
		cachedManifests = List.copyOf(manifests);
		return cachedManifests;
	}

	static List<Workload> workloads(List<Manifest> manifests) {
		List<Workload> workloads = new ArrayList<>();
		for (Manifest manifest : manifests) {
			if (manifest.resource() instanceof Deployment d) {
				workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
						d.getSpec().getSelector(), d.getSpec().getTemplate(), d));
			}
			else if (manifest.resource() instanceof StatefulSet s) {
				workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
						s.getSpec().getSelector(), s.getSpec().getTemplate(), s));
			}
		}
		return workloads;
	}

	static <T> List<T> of(List<Manifest> manifests, Class<T> type) {
		return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
	}

	/** Keys of the Secrets or ConfigMaps by name, every document of a name merged. */
	static Map<String, Set<String>> keysByName(List<Manifest> manifests, String kind) {
		Map<String, Set<String>> keys = new TreeMap<>();
		for (Manifest manifest : manifests) {
			if (!manifest.kind().equals(kind)) {
				continue;
			}
			Set<String> own = keys.computeIfAbsent(manifest.resource().getMetadata().getName(), (n) -> new TreeSet<>());
			if (manifest.resource() instanceof Secret secret) {
				own.addAll(secret.getStringData().keySet());
				own.addAll(secret.getData().keySet());
			}
			else if (manifest.resource() instanceof ConfigMap map) {
				own.addAll(map.getData().keySet());
			}
		}
		return keys;
	}

	/**
	 * The variables a workload's container sees: the base ConfigMaps (envFrom), then its
	 * own entries with Secret and ConfigMap keys resolved to the templates' values and
	 * field references to a pod name.
	 */
	static Map<String, String> environment(Workload workload, List<Manifest> manifests) {
		Map<String, Map<String, String>> values = new TreeMap<>();
		for (Manifest manifest : manifests) {
			if (!manifest.file().startsWith(K8S.resolve("base"))) {
				continue;
			}
			if (manifest.resource() instanceof Secret secret) {
				values.put("Secret/" + secret.getMetadata().getName(), secret.getStringData());
			}
			else if (manifest.resource() instanceof ConfigMap map) {
				values.put("ConfigMap/" + map.getMetadata().getName(), map.getData());
			}
		}
		Map<String, String> variables = new TreeMap<>();
		Container container = workload.template().getSpec().getContainers().get(0);
		for (EnvFromSource from : container.getEnvFrom()) {
			if (from.getConfigMapRef() != null) {
				variables.putAll(values.getOrDefault("ConfigMap/" + from.getConfigMapRef().getName(), Map.of()));
			}
			if (from.getSecretRef() != null) {
				variables.putAll(values.getOrDefault("Secret/" + from.getSecretRef().getName(), Map.of()));
			}
		}
		for (EnvVar env : container.getEnv()) {
			String value = env.getValue();
			if (env.getValueFrom() != null) {
				var from = env.getValueFrom();
				if (from.getSecretKeyRef() != null) {
					value = values.getOrDefault("Secret/" + from.getSecretKeyRef().getName(), Map.of())
						.get(from.getSecretKeyRef().getKey());
				}
				else if (from.getConfigMapKeyRef() != null) {
					value = values.getOrDefault("ConfigMap/" + from.getConfigMapKeyRef().getName(), Map.of())
						.get(from.getConfigMapKeyRef().getKey());
				}
				else if (from.getFieldRef() != null) {
					value = workload.name() + "-0";
				}
			}
			variables.put(env.getName(), value == null ? "" : value);
		}
		return variables;
	}

	static boolean selects(Map<String, String> selector, Workload workload) {
		if (selector == null || selector.isEmpty()) {
			return false;
		}
		Map<String, String> labels = workload.template().getMetadata().getLabels();
		return selector.entrySet().stream().allMatch((e) -> e.getValue().equals(labels.get(e.getKey())));
	}

	static String httpPath(Probe probe, Container container) {
		assertThat(probe).as(container.getName() + " probe").isNotNull();
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get).as(container.getName() + " probe httpGet").isNotNull();
		assertThat(containerPort(container, get.getPort())).as(container.getName() + " probe port " + get.getPort())
			.isNotNull();
		return get.getPath();
	}

	static ContainerPort containerPort(Container container, IntOrString port) {
		return container.getPorts()
			.stream()
			.filter((p) -> (port.getStrVal() != null) ? port.getStrVal().equals(p.getName())
					: port.getIntVal().equals(p.getContainerPort()))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Paths of every field the fabric8 model kept as an "additional property": a field
	 * Kubernetes does not know either (a typo, a wrong level of indentation).
	 */
	static List<String> unknownFields(Object root, String path) {
		List<String> unknown = new ArrayList<>();
		walk(root, path, unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
		return unknown;
	}

	private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
		if (value == null || !seen.add(value)) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object item : collection) {
				walk(item, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> walk(item, path + "." + key, unknown, seen));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				field.setAccessible(true);
				Object child;
				try {
					child = field.get(value);
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
				if (field.getName().equals("additionalProperties")) {
					if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
						extra.keySet().forEach((key) -> unknown.add(path + "." + key));
					}
				}
				else {
					walk(child, path + "." + field.getName(), unknown, seen);
				}
			}
		}
	}

	// --- compose ---

	/** compose.yaml as compose reads it, interpolated with .env.example's values. */
	record Compose(Map<String, Object> root, Map<String, String> dotEnv, Set<String> secretVariables) {

		static final Pattern INTERPOLATION = Pattern
			.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\\}");

		static Compose load() {
			Map<String, String> dotEnv = dotEnv(ENV_EXAMPLE);
			String text;
			try {
				text = Files.readString(COMPOSE, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Set<String> required = new TreeSet<>();
			StringBuilder interpolated = new StringBuilder();
			Matcher matcher = INTERPOLATION.matcher(text);
			while (matcher.find()) {
				String replacement;
				if (matcher.group().equals("$$")) {
					replacement = "$";
				}
				else {
					String name = matcher.group(1);
					String operator = matcher.group(2);
					String value = dotEnv.get(name);
					boolean unset = (operator != null && operator.startsWith(":")) ? (value == null || value.isEmpty())
							: value == null;
					if (operator != null && operator.endsWith("?")) {
						required.add(name);
						assertThat(unset)
							.as("compose.yaml needs " + name + " (" + matcher.group(3) + ") in .env.example")
							.isFalse();
					}
					replacement = (unset && operator != null && operator.endsWith("-")) ? matcher.group(3)
							: (value == null ? "" : value);
				}
				matcher.appendReplacement(interpolated, Matcher.quoteReplacement(replacement));
			}
			matcher.appendTail(interpolated);
			Map<String, Object> root = new Yaml().load(interpolated.toString());
			return new Compose(root, dotEnv, required);
		}

		static Map<String, String> dotEnv(Path file) {
			Map<String, String> values = new LinkedHashMap<>();
			try {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					String trimmed = line.strip();
					if (trimmed.isEmpty() || trimmed.startsWith("#")) {
						continue;
					}
					int equals = trimmed.indexOf('=');
					assertThat(equals).as(file + ": " + line).isPositive();
					values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return values;
		}

		Map<String, Map<String, Object>> services() {
			Map<String, Map<String, Object>> services = new LinkedHashMap<>();
			map(this.root.get("services")).forEach((name, service) -> services.put(name, map(service)));
			return services;
		}

		Map<String, Object> section(String name) {
			return map(this.root.get(name));
		}

		String image(String service) {
			return String.valueOf(services().get(service).get("image"));
		}

		/** The services running the application's image. */
		List<String> appServices() {
			return services().entrySet()
				.stream()
				.filter((e) -> String.valueOf(e.getValue().get("image")).contains("veritrace/trace-service"))
				.map(Map.Entry::getKey)
				.toList();
		}

		Map<String, String> environment(String service) {
			Map<String, String> variables = new TreeMap<>();
			Object environment = services().get(service).get("environment");
			if (environment instanceof Map<?, ?> map) {
				map.forEach((k, v) -> variables.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
			}
			else {
				for (Object entry : list(environment)) {
					String[] pair = String.valueOf(entry).split("=", 2);
					variables.put(pair[0], pair.length > 1 ? pair[1] : "");
				}
			}
			return variables;
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> map(Object value) {
			return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		}

		static List<?> list(Object value) {
			return (value instanceof List<?> list) ? list : List.of();
		}

	}

	// --- the properties the application knows ---

	/**
	 * Every property the application reads: its settings records (walked component by
	 * component; maps and lists take any key below them), Spring Boot's configuration
	 * metadata, application.yml's keys, property names written in the main sources
	 * ({@code @Value}, {@code Environment} and binder look-ups), and the variables
	 * application.yml names in placeholders. A variable is known when Spring's own
	 * environment-variable mapping finds one of them in it.
	 */
	record KnownProperties(Set<ConfigurationPropertyName> names, Set<ConfigurationPropertyName> prefixes,
			Set<String> placeholders) {

		static final Pattern SOURCE_NAME = Pattern.compile("[\"{](veritrace\\.[a-z0-9.-]*[a-z0-9])[\":}]");

		static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

		/** What {@link #knows} found, by variable: the same names recur in every node. */
		static final Map<String, Boolean> KNOWN_VARIABLES = new java.util.concurrent.ConcurrentHashMap<>();

		boolean knows(String variable, String value) {
			return this.placeholders.contains(variable) || KNOWN_VARIABLES.computeIfAbsent(variable,
					(name) -> setsAProperty(name, value.isEmpty() ? "x" : value));
		}

		private boolean setsAProperty(String variable, String value) {
			// named as the environment's source: Spring maps variable names only for that
			// one
			ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, value)));
			for (ConfigurationPropertyName name : this.names) {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (property != null) {
					return true;
				}
			}
			for (ConfigurationPropertyName prefix : this.prefixes) {
				if (source.containsDescendantOf(prefix) == ConfigurationPropertyState.PRESENT) {
					return true;
				}
			}
			return false;
		}

		static KnownProperties load() {
			Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
			Set<ConfigurationPropertyName> prefixes = new LinkedHashSet<>();
			for (Class<?> settings : settingsClasses()) {
				walkSettings(prefix(settings), settings, names, prefixes);
			}
			metadata(names, prefixes);
			for (PropertySource<?> document : applicationYml()) {
				for (String name : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
					addName(name, names);
				}
			}
			try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
				for (Path file : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
					Matcher matcher = SOURCE_NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
					while (matcher.find()) {
						addName(matcher.group(1), names);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Set<String> placeholders = new TreeSet<>();
			try {
				Matcher matcher = PLACEHOLDER.matcher(Files.readString(APPLICATION_YML, StandardCharsets.UTF_8));
				while (matcher.find()) {
					placeholders.add(matcher.group(1));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			assertThat(names).hasSizeGreaterThan(1000);
			return new KnownProperties(Set.copyOf(names), Set.copyOf(prefixes), Set.copyOf(placeholders));
		}

		private static void addName(String name, Set<ConfigurationPropertyName> names) {
			String cleaned = name.replaceAll("\\[\\d+]", "");
			if (ConfigurationPropertyName.isValid(cleaned)) {
				names.add(ConfigurationPropertyName.of(cleaned));
			}
		}

		private static List<Class<?>> settingsClasses;

		static synchronized List<Class<?>> settingsClasses() {
			if (settingsClasses != null) {
				return settingsClasses;
			}
			ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(
					false);
			scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
			List<Class<?>> classes = new ArrayList<>();
			for (BeanDefinition candidate : scanner.findCandidateComponents("com.veritrace")) {
				if (candidate.getBeanClassName().contains("Tests")
						|| candidate.getBeanClassName().contains("Benchmark")) {
					continue;
				}
				try {
					classes.add(Class.forName(candidate.getBeanClassName()));
				}
				catch (ClassNotFoundException ex) {
					throw new IllegalStateException(ex);
				}
			}
			assertThat(classes).hasSizeGreaterThan(10);
			settingsClasses = List.copyOf(classes);
			return settingsClasses;
		}

		static String prefix(Class<?> settings) {
			ConfigurationProperties annotation = settings.getAnnotation(ConfigurationProperties.class);
			return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
		}

		private static void walkSettings(String prefix, Class<?> type, Set<ConfigurationPropertyName> names,
				Set<ConfigurationPropertyName> prefixes) {
			assertThat(type.isRecord()).as(type + ": settings are records").isTrue();
			for (RecordComponent component : type.getRecordComponents()) {
				String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
				Class<?> raw = component.getType();
				if (raw.isRecord()) {
					walkSettings(name, raw, names, prefixes);
				}
				else if (Map.class.isAssignableFrom(raw)) {
					names.add(ConfigurationPropertyName.of(name));
					prefixes.add(ConfigurationPropertyName.of(name));
				}
				else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
					// a comma-separated value, or indexed entries (NAME_0_FIELD)
					names.add(ConfigurationPropertyName.of(name));
					prefixes.add(ConfigurationPropertyName.of(name));
					Type element = component.getGenericType();
					if (element instanceof ParameterizedType parameterized
							&& parameterized.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
						walkSettings(name, item, names, prefixes);
					}
				}
				else {
					names.add(ConfigurationPropertyName.of(name));
				}
			}
		}

		/** Spring Boot's (and every other jar's) configuration metadata. */
		private static void metadata(Set<ConfigurationPropertyName> names, Set<ConfigurationPropertyName> prefixes) {
			JsonMapper json = new JsonMapper();
			try {
				for (String resource : List.of("META-INF/spring-configuration-metadata.json",
						"META-INF/additional-spring-configuration-metadata.json")) {
					var urls = DeploymentManifestsTests.class.getClassLoader().getResources(resource);
					while (urls.hasMoreElements()) {
						URL url = urls.nextElement();
						try (InputStream in = url.openStream()) {
							for (JsonNode property : json.readTree(in).path("properties")) {
								String name = property.path("name").asString();
								if (!ConfigurationPropertyName.isValid(name)) {
									continue;
								}
								names.add(ConfigurationPropertyName.of(name));
								if (property.path("type").asString().startsWith("java.util.Map")) {
									prefixes.add(ConfigurationPropertyName.of(name));
								}
							}
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
