using System.CommandLine;
using ClusterSim.Cli;
using ClusterSim.Cli.Commands;

return ClusterSimProgram.Run(args, Console.Out, Console.Error);

namespace ClusterSim.Cli
{
    /// <summary>The clustersim command line: its commands and how parse errors are reported.</summary>
    public static class ClusterSimProgram
    {
        public static RootCommand CreateRootCommand()
        {
            var root = new RootCommand("ClusterSim: simulate GPU cluster scheduling policies on real and synthetic traces.")
            {
                CommandRunner.LogLevelOption,
            };
            root.Subcommands.Add(OpenbCommand.Create());
            root.Subcommands.Add(GenerateCommand.Create());
            root.Subcommands.Add(ScenarioCommands.CreateSimulate());
            root.Subcommands.Add(ScenarioCommands.CreateValidate());
            root.Subcommands.Add(CheckpointIntervalCommand.Create());
            root.Subcommands.Add(FitStragglersCommand.Create());
            root.Subcommands.Add(InventoryCommand.Create());
            root.Subcommands.Add(LiveCommands.CreateLive());
            root.Subcommands.Add(LiveCommands.CreateSubmit());
            return root;
        }

        /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            CommandRunner.UseWriters(stdout, stderr);
            var parse = CreateRootCommand().Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine($"error: {error.Message}");
                }

                var commands = parse.Tokens.Where(t => t.Type == System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value);
                stderr.WriteLine($"Run '{string.Join(' ', ["clustersim", .. commands])} --help' for usage.");
                return ExitCodes.InvalidInput;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
    }
}
