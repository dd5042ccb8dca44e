package io.reseau.sandbox;

import io.reseau.launcher.Launcher;
import io.reseau.sandbox.cli.Arguments;
import io.reseau.sandbox.cli.CommandException;
import io.reseau.sandbox.cli.DownCommand;
import io.reseau.sandbox.cli.ExecCommand;
import io.reseau.sandbox.cli.LogsCommand;
import io.reseau.sandbox.cli.ObjectCommands;
import io.reseau.sandbox.cli.StatusCommand;
import io.reseau.sandbox.cli.UpCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The reseau-sandbox binary: reads the command line and runs one command. */
public final class SandboxMain {

    static final Launcher LAUNCHER = new Launcher("reseau-sandbox",
            "a whole cluster on one Linux machine, out of network namespaces",
            """
            Usage: reseau-sandbox up [--nodes N] [--api-port PORT]   build and start the sandbox (as root)
                   reseau-sandbox down                               remove everything it made, also after a crash
                   reseau-sandbox status                             what runs
                   reseau-sandbox apply -f FILE|DIR                  create or update objects
                   reseau-sandbox delete -f FILE|DIR                 delete them
                   reseau-sandbox get KIND [NAME] [-n NAMESPACE]     list objects, or show one
                   reseau-sandbox exec POD|client|NODE -- CMD...     run a command in a pod's, the client's or a node's network
                   reseau-sandbox logs COMPONENT [--node N]          a node agent's log (proxy, cni) or the sandbox's (sandbox)
                   reseau-sandbox logs POD [-n NAMESPACE]            the log of a pod running a reseau component (reseau-ingress)

            Nodes (default 2) are network namespaces on an isolated underlay (10.240.0.0/24, node-N at
            10.240.0.(10+N), pods 10.42.N.0/24, services 10.43.0.0/16); 'client' stands for the outside world.
            The API is served on 127.0.0.1:16443 and the kubeconfig is written to /run/reseau-sandbox/kubeconfig.

            Environment: RESEAU_HOME (the bundle to run, by default the one this binary is in),
            RESEAU_SANDBOX_NAME (namespace prefix, default reseau-sandbox),
            RESEAU_SANDBOX_STATE_DIR (default /run/<name>).

            Docs: docs/sandbox.md""");

    /** Exit status of a command line that cannot be understood. */
    static final int USAGE = 2;

    private SandboxMain() {
    }

    public static void main(String... args) {
        // The embedded API server's Vert.x serves no files: no file cache directory left in /tmp.
        System.setProperty("vertx.disableFileCPResolving", "true");
        if (args.length == 0 || !args[0].equals("supervise")) {
            // Commands talk through their output only: JBoss Logging's manager, unconfigured, keeps the
            // libraries' logs (and its own complaint about being set late) off the terminal.
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        int separator = Arrays.asList(args).indexOf("--");
        LAUNCHER.answerAndExitIfAsked(separator < 0 ? args : Arrays.copyOf(args, separator), System.out);
        SandboxSettings settings = SandboxSettings.fromEnvironment(System.getenv());
        try {
            System.exit(run(settings, Arguments.parse(List.of(args))));
        } catch (Arguments.UsageException e) {
            System.err.println("reseau-sandbox: " + e.getMessage() + " (see reseau-sandbox --help)");
            System.exit(USAGE);
        } catch (CommandException e) {
            System.err.println("reseau-sandbox: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("reseau-sandbox: " + e);
            System.exit(1);
        }
    }

    static int run(SandboxSettings settings, Arguments args) throws Exception {
        return switch (args.command()) {
            case "up" -> new UpCommand(settings, System.out).run(args.intOption("nodes", UpCommand.DEFAULT_NODES),
                    args.intOption("api-port", UpCommand.DEFAULT_API_PORT));
            case "down" -> new DownCommand(settings, System.out).run();
            case "status" -> new StatusCommand(settings, System.out).run();
            case "apply" -> new ObjectCommands(settings, System.out).apply(filename(args));
            case "delete" -> new ObjectCommands(settings, System.out).delete(filename(args));
            case "get" -> new ObjectCommands(settings, System.out).get(one(args, "a kind, e.g. pods"),
                    args.positional().stream().skip(1).findFirst(), args.option("namespace").orElse("default"));
            case "exec" -> new ExecCommand(settings).run(one(args, "a pod, node or 'client'"),
                    args.option("namespace").orElse("default"), args.passThrough());
            case "logs" -> new LogsCommand(settings, System.out).run(one(args, "a component, e.g. proxy"),
                    args.option("node"), args.option("namespace").orElse("default"));
            case "supervise" -> {
                new Supervisor(settings, args.intOption("nodes", UpCommand.DEFAULT_NODES),
                        args.intOption("api-port", UpCommand.DEFAULT_API_PORT)).run();
                yield 0;
            }
            default -> throw new Arguments.UsageException("unknown command '" + args.command() + "'");
        };
    }

    private static Path filename(Arguments args) {
        return Path.of(args.option("filename").orElseThrow(() -> new Arguments.UsageException(
                args.command() + " needs -f FILE|DIR")));
    }

    private static String one(Arguments args, String what) {
        return args.positional().stream().findFirst()
                .orElseThrow(() -> new Arguments.UsageException(args.command() + " needs " + what));
    }

}
