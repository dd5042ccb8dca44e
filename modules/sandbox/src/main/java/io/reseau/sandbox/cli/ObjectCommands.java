package io.reseau.sandbox.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reseau.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code apply -f}, {@code delete -f} and {@code get}: objects in the sandbox's API, as kubectl would. */
public final class ObjectCommands {

    private final SandboxSettings settings;
    private final PrintStream out;

    public ObjectCommands(SandboxSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Creates each object, or updates it when it exists. */
    public int apply(Path fileOrDir) throws IOException {
        try (KubernetesClient client = SandboxClient.connect(settings)) {
            for (HasMetadata object : load(client, fileOrDir)) {
                boolean existed = client.resource(object).get() != null;
                client.resource(object).createOr(NonDeletingOperation::update);
                out.println(describe(object) + (existed ? " configured" : " created"));
            }
        }
        return 0;
    }

    public int delete(Path fileOrDir) throws IOException {
        try (KubernetesClient client = SandboxClient.connect(settings)) {
            for (HasMetadata object : load(client, fileOrDir).reversed()) {
                boolean deleted = !client.resource(object).delete().isEmpty();
                out.println(describe(object) + (deleted ? " deleted" : " not found"));
            }
        }
        return 0;
    }

    /** A table of every object of the kind, or one object as YAML. */
    public int get(String kindName, Optional<String> name, String namespace) {
        Kinds kind = Kinds.named(kindName);
        try (KubernetesClient client = SandboxClient.connect(settings)) {
            var resources = client.genericKubernetesResources(kind.apiVersion, kind.kind);
            if (name.isPresent()) {
                GenericKubernetesResource object = kind.namespaced
                        ? resources.inNamespace(namespace).withName(name.get()).get()
                        : resources.withName(name.get()).get();
                if (object == null) {
                    throw new CommandException(kind.kind + " " + name.get() + " not found"
                            + (kind.namespaced ? " in namespace " + namespace : "") + ".");
                }
                out.print(Serialization.asYaml(object));
                return 0;
            }
            List<GenericKubernetesResource> objects = kind.namespaced
                    ? resources.inAnyNamespace().list().getItems() : resources.list().getItems();
            ObjectTable.rows(kind, objects).forEach(out::println);
            return 0;
        }
    }

    private static List<HasMetadata> load(KubernetesClient client, Path fileOrDir) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : Manifests.files(fileOrDir)) {
            try (InputStream in = Files.newInputStream(file)) {
                client.load(in).items().stream().filter(item -> item != null).forEach(objects::add);
            }
        }
        return objects;
    }

    private static String describe(HasMetadata object) {
        return object.getKind().toLowerCase() + "/" + object.getMetadata().getName();
    }
}
