package io.reseau.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's figures, reseau beside its anchor measured in the same run, written as
 * {@code target/bench/<component>.json} (the shape DESIGN.md fixes) and a markdown table beside it.
 */
public final class BenchReport {

    /** One measured figure; {@code anchor} may be null when there is nothing to compare with. */
    public record Figure(String name, String unit, double reseau, Double anchor, String anchorName, String better,
            Double target) {

        Double ratio() {
            return anchor == null || anchor == 0 ? null : reseau / anchor;
        }
    }

    private final String component;
    private final List<Figure> figures = new ArrayList<>();

    public BenchReport(String component) {
        this.component = component;
    }

    public void add(Figure figure) {
        figures.add(figure);
        System.out.printf(Locale.ROOT, "[bench %s] %s: reseau %.3f %s%s%n", component, figure.name(), figure.reseau(),
                figure.unit(), figure.anchor() == null ? "" : String.format(Locale.ROOT, ", %s %.3f %s, ratio %.3f",
                        figure.anchorName(), figure.anchor(), figure.unit(), figure.ratio()));
    }

    public void write() {
        Path dir = Path.of(System.getProperty("reseau.bench.dir", "target/bench"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component", component);
        json.put("machine", Machine.describe());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", figure.name());
            row.put("unit", figure.unit());
            row.put("reseau", round(figure.reseau()));
            row.put("anchor", figure.anchor() == null ? null : round(figure.anchor()));
            row.put("anchor_name", figure.anchorName());
            row.put("ratio", figure.ratio() == null ? null : round(figure.ratio()));
            row.put("better", figure.better());
            row.put("target", figure.target());
            rows.add(row);
        }
        json.put("figures", rows);
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(component + ".json").toFile(), json);
            Files.writeString(dir.resolve(component + ".md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# " + component + " benchmark\n\nMachine: " + Machine.describe() + "\n\n");
        md.append("| figure | reseau | anchor | ratio | better | target |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f %s | %s | %s | %s | %s |%n", f.name(), f.reseau(), f.unit(),
                    f.anchor() == null ? "—" : String.format(Locale.ROOT, "%.3f %s (%s)", f.anchor(), f.unit(), f.anchorName()),
                    f.ratio() == null ? "—" : String.format(Locale.ROOT, "%.3f", f.ratio()), f.better(),
                    f.target() == null ? "—" : f.target().toString()));
        }
        return md.toString();
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
