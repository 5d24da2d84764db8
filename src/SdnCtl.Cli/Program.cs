using System.CommandLine;
using SdnCtl.Cli.Commands;
using SdnCtl.Cli.Hosting;
using SdnCtl.Cli.Ovs;

// Before anything opens a socket: see ProcessTuning.
ProcessTuning.Apply();

var root = new RootCommand("sdnctl — an OpenFlow 1.3 SDN controller with a simulated data plane");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ControllerCommand.Create());
root.Subcommands.Add(SimCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(OvsCommand.Create());

// On Ctrl-C or SIGTERM the running command's token is cancelled and it shuts down in order (REST,
// OpenFlow server, control plane, simulated network and its pcap captures). System.CommandLine's
// default gives that 2 s before it ends the process with 130/143, which cut the DotNetty event
// loops' graceful shutdown short and left captures unflushed.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
