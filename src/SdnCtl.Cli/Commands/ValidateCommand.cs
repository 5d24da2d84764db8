using System.CommandLine;
using SdnCtl.Cli.Hosting;
using Spectre.Console;

namespace SdnCtl.Cli.Commands;

/// <summary><c>sdnctl validate FILE</c>: load a topology file and report every error without starting anything.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file" };
        var command = new Command("validate", "Check a topology file and print file:line:column for every error") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: file not found");
            return 2;
        }

        var errors = TopologyFiles.Check(file, out var document);
        if (errors.Count == 0 && document is { } doc)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[green]ok[/] {file.Name}: '{doc.Name}' — {doc.Switches.Count} switches, {doc.Links.Count} links, {doc.Hosts.Count} hosts{(doc.Appliances.Count > 0 ? $", {doc.Appliances.Count} appliances" : "")}");
            return 0;
        }

        foreach (var error in errors)
        {
            Console.Error.WriteLine(error.ToString());
        }

        Console.Error.WriteLine($"{errors.Count} error(s) in {file.Name}");
        return 1;
    }
}
