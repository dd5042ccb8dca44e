package io.reseau.sandbox.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command line as {@code reseau-sandbox} reads it: the command, its positional arguments, its options
 * ({@code --nodes 3}, {@code -f FILE}, {@code --node=node-1}) and, after {@code --}, a command to pass on
 * untouched. Pure.
 */
public record Arguments(String command, List<String> positional, Map<String, String> options, List<String> passThrough) {

    /** Options that take a value; any other {@code -x} is an error. */
    private static final List<String> WITH_VALUE = List.of("--nodes", "-f", "--filename", "--node", "--api-port",
            "-n", "--namespace");

    public static Arguments parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no command given");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> passThrough = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                passThrough.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!WITH_VALUE.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                options.put(canonical(name), value);
            } else {
                positional.add(arg);
            }
        }
        return new Arguments(args.getFirst(), List.copyOf(positional), Map.copyOf(options), List.copyOf(passThrough));
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public int intOption(String name, int otherwise) {
        String value = options.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number, got '" + value + "'");
        }
    }

    private static String canonical(String name) {
        return switch (name) {
            case "-f", "--filename" -> "filename";
            case "-n", "--namespace" -> "namespace";
            default -> name.substring(2);
        };
    }

    /** A command line that cannot be understood; its message says what is wrong. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
