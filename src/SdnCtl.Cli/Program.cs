using System.CommandLine;
using SdnCtl.Cli.Commands;
using SdnCtl.Cli.Ovs;

var root = new RootCommand("sdnctl — an OpenFlow 1.3 SDN controller with a simulated data plane");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ControllerCommand.Create());
root.Subcommands.Add(SimCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(OvsCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
