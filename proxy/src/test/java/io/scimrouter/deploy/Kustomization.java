package io.scimrouter.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A kustomization directory as {@code kubectl apply -k} reads it: the resources it lists, every document of each. */
record Kustomization(Path dir, Map<String, Object> spec, List<Map<String, Object>> documents) {

    static Kustomization load(Path dir) {
        Map<String, Object> spec = Yamls.map(parseAll(dir.resolve("kustomization.yaml")).get(0));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : Yamls.list(spec.get("resources"))) {
            Path file = dir.resolve((String) resource);
            if (Files.isRegularFile(file)) {
                parseAll(file).forEach(document -> documents.add(Yamls.map(document)));
            }
        }
        return new Kustomization(dir, spec, documents);
    }

    /** Every non-empty document of a (multi-document) YAML file. */
    static List<Object> parseAll(Path file) {
        try {
            List<Object> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(document -> name.equals(Yamls.at(document, "metadata", "name")))
                .findFirst();
    }

    /** The same directory with its documents replaced: for the tests that prove a rule catches a broken manifest. */
    Kustomization withDocuments(List<Map<String, Object>> replaced) {
        return new Kustomization(dir, spec, replaced);
    }
}
