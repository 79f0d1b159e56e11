package dev.fang.app;

import dev.fang.schema.AvroSerde;
import dev.fang.training.model.NativeLightGbm;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "fang", mixinStandardHelpOptions = true, version = "fang 0.1.0",
        description = "Catch malicious Python packages the moment they are published.",
        subcommands = {RunCommand.class, PublishCommand.class, ReplayCommand.class, TailCommand.class, FeaturesCommand.class, ScanCommand.class,
                ConsumersCommand.class, ResetCommand.class, DatasetCommand.class, TrainCommand.class,
                TrainCommand.Evaluate.class, BenchCommand.class, OracleCommand.class,
                ObfuscateCommand.class, AttackCommand.class, RobustnessCommand.class, CommandLine.HelpCommand.class})
public final class FangCli {
    public static void main(String[] args) {
        NativeLightGbm.load(); // before any thread starts: see its note on java.io.tmpdir
        AvroSerde.trustFangRecords();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FangCli());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // A user error (bad setting, unreadable file) is one clear line, not a stack trace.
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            cmd.getErr().println("fang " + cmd.getCommandName() + ": " + (error.getMessage() == null ? error.toString() : error.getMessage()));
            return error instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine;
    }
}
