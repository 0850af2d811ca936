package com.veritrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries, checked by one test class (docs/MODULES.md). Every package
 * directly under {@code com.veritrace} on the classpath is a Spring Modulith application
 * module: trace-service's feature packages and the library modules' packages
 * ({@code codes}, {@code anchor}, {@code ingest}, {@code inspection}, {@code analytics}).
 * {@link ApplicationModules#verify()} refuses cycles between modules, use of another
 * module's internals (sub-packages that are not a named interface, such as
 * {@code anchor.internal}) and dependencies a module's
 * {@code @ApplicationModule(allowedDependencies)} (in its package-info) does not list.
 * What Modulith cannot say ("depends on no module at all") is an ArchUnit rule below.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(VeritraceApplication.class);

	/** The library modules (their own Maven modules), bottom of the layering. */
	static final String[] LIBRARIES = { "codes", "anchor", "ingest", "inspection", "analytics" };

	@Test
	void verifiesModuleBoundaries() {
		MODULES.verify();
	}

	@Test
	void theLibraryModulesAreModulesToo() {
		// without them on the classpath verify() would pass without checking the layering
		assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString)).contains(LIBRARIES)
			.contains("events", "anchoring", "issuance", "scan", "feeds", "reports", "web", "tenancy");
	}

	@Test
	void leafModulesDependOnNoOtherVeritraceModule() {
		JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
			.importPackages("com.veritrace");
		// code-issuance and chain-anchor are the leaves of the library layering; shared
		// is used by all, uses none
		for (String leaf : new String[] { "codes", "anchor", "shared" }) {
			String own = "com.veritrace." + leaf + "..";
			noClasses().that()
				.resideInAPackage(own)
				.should()
				.dependOnClassesThat(resideInAPackage("com.veritrace..").and(not(resideInAPackage(own))))
				.because(leaf + " is a leaf module (docs/MODULES.md)")
				.allowEmptyShould(true)
				.check(classes);
		}
	}

	@Test
	void writesTheModuleDiagramsToDocsModules() throws Exception {
		// Surefire runs in trace-service; the diagrams live in the repository's
		// docs/modules
		Path docs = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../docs/modules").normalize();
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(docs.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
		try (Stream<Path> files = Files.list(docs)) {
			for (Path file : files.toList()) {
				if (file.toString().endsWith(".puml")) {
					sortRelations(file);
				}
				else if (file.toString().endsWith(".adoc")) {
					sortBulletRuns(file);
				}
			}
		}
		assertThat(docs.resolve("components.puml")).exists();
		assertThat(Files.readString(docs.resolve("components.puml"))).contains("Anchoring", "Events",
				"Ingest (ingest-connectors)");
	}

	/**
	 * The canvases list a module's beans, bean references and listened-to events in the
	 * order reflection gives, which changes between compilations: each run of bullets
	 * ({@code * ...} lines; the first of a table cell starts {@code |* }) sorted.
	 */
	private static void sortBulletRuns(Path adoc) throws IOException {
		List<String> out = new ArrayList<>();
		List<String> run = new ArrayList<>();
		String cellStart = "";
		for (String line : Files.readAllLines(adoc)) {
			if (line.startsWith("|* ")) {
				flush(out, run, cellStart);
				cellStart = "|";
				run.add(line.substring(1));
			}
			else if (line.startsWith("* ")) {
				run.add(line);
			}
			else {
				flush(out, run, cellStart);
				cellStart = "";
				out.add(line);
			}
		}
		flush(out, run, cellStart);
		Files.write(adoc, out);
	}

	private static void flush(List<String> out, List<String> run, String cellStart) {
		run.sort(null);
		for (int i = 0; i < run.size(); i++) {
			out.add(i == 0 ? cellStart + run.get(i) : run.get(i));
		}
		run.clear();
	}

	/**
	 * The Documenter writes the relations ({@code Rel(...)} lines) in no stable order:
	 * sorted, the committed diagrams change only when the modules do.
	 */
	private static void sortRelations(Path puml) throws IOException {
		List<String> lines = Files.readAllLines(puml);
		List<String> relations = lines.stream().filter((l) -> l.startsWith("Rel(")).sorted().toList();
		if (relations.isEmpty()) {
			return;
		}
		List<String> out = new ArrayList<>();
		boolean written = false;
		for (String line : lines) {
			if (!line.startsWith("Rel(")) {
				out.add(line);
			}
			else if (!written) {
				out.addAll(relations); // where the first one was
				written = true;
			}
		}
		Files.write(puml, out);
	}

}
