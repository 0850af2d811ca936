package com.veritrace.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What this process does in a fleet (issue 18): {@code veritrace.roles}, a list of
 * {@link Role}s (any case, comma-separated or a YAML list; unset: all of them, the
 * embedded default), and {@code veritrace.node-name}, the stable name of this node
 * (unset: the host name) that names it where another process must recognise it again
 * after a restart (the Kafka consumers' static group membership). An unknown role, or an
 * empty list, fails start-up ({@link UnknownRoleException}).
 *
 * @param roles the roles of this node, never empty
 * @param nodeName the node's stable name
 */
public record NodeRoles(Set<Role> roles, String nodeName) {

	/** The settings' names. */
	public static final String ROLES = "veritrace.roles", NODE_NAME = "veritrace.node-name";

	/** The roles a node may have. */
	public enum Role {

		/** Serves the API, the portal and the scan page (else only {@code /actuator}). */
		WEB,
		/**
		 * Consumes the partners' Kafka topics (with
		 * {@code veritrace.ingest.transport=kafka}).
		 */
		INGEST,
		/**
		 * May be the anchor leader (one at a time holds the lease), with the integrity
		 * check.
		 */
		ANCHOR,
		/** Runs the cluster-wide background jobs (docs/DECISIONS.md, "Node roles"). */
		JOBS

	}

	public NodeRoles {
		if (roles.isEmpty()) {
			throw new UnknownRoleException(ROLES + " names no role: give at least one of " + List.of(Role.values()));
		}
		roles = Set.copyOf(EnumSet.copyOf(roles));
	}

	/** Every role, as in the embedded default. */
	public static NodeRoles all(String nodeName) {
		return new NodeRoles(EnumSet.allOf(Role.class), nodeName);
	}

	public boolean has(Role role) {
		return this.roles.contains(role);
	}

	/** The roles in their declared order, lower case, as they are configured. */
	public List<String> names() {
		return EnumSet.copyOf(this.roles).stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
	}

	/** The node's roles and name from the environment (see the class comment). */
	public static NodeRoles from(Environment environment) {
		Binder binder = Binder.get(environment);
		String nodeName = binder.bind(NODE_NAME, String.class).map(String::strip).orElse("");
		if (nodeName.isEmpty()) {
			nodeName = hostName();
		}
		List<String> configured = binder.bind(ROLES, Bindable.listOf(String.class)).orElse(null);
		if (configured == null) {
			return all(nodeName);
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> unknown = new ArrayList<>();
		for (String name : configured) {
			String role = name.strip().toUpperCase(Locale.ROOT);
			if (role.isEmpty()) {
				continue;
			}
			try {
				roles.add(Role.valueOf(role));
			}
			catch (IllegalArgumentException ex) {
				unknown.add(name.strip());
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownRoleException(ROLES + " names unknown role(s) " + unknown + ": the roles are "
					+ EnumSet.allOf(Role.class).stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
		}
		return new NodeRoles(roles, nodeName);
	}

	private static String hostName() {
		String env = System.getenv("HOSTNAME");
		if (env != null && !env.isBlank()) {
			return env.strip();
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "veritrace";
		}
	}

	/** {@code veritrace.roles} names a role that does not exist, or none. */
	public static final class UnknownRoleException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		public UnknownRoleException(String message) {
			super(message);
		}

	}

}
