using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.Workspaces;

namespace Flameup.Admin.Web.Cli;

/// <summary>
/// <c>imports start --workspace WS --file PATH</c>: copies a CSV, JSON or NDJSON file into the import folder and hands it
/// to the servers; the first running host to sweep imports it (with the guessed column mapping). Prints the import id.
/// </summary>
public static class ImportsVerb
{
    public static void Register() => CliCommands.Register("imports start", StartAsync);

    static async Task<int> StartAsync(IServiceProvider sp, CliArgs a)
    {
        var ws = a.Require("workspace");
        var path = a.Require("file");
        if (await sp.GetRequiredService<WorkspaceService>().GetAsync(ws) is null) throw new CliException($"there is no workspace {ws}");
        if (!File.Exists(path)) throw new CliException($"there is no file {path}");
        var imports = sp.GetRequiredService<ImportService>();
        ImportUpload upload;
        try
        {
            await using var file = File.OpenRead(path);
            upload = await imports.SaveUploadAsync(Actor.System, ws, Path.GetFileName(path), file);
        }
        catch (Exception e) when (e is ImportFileException or InvalidOperationException)
        {
            throw new CliException(e.Message);
        }
        var queued = await imports.QueueAsync(Actor.System, upload, upload.Inspection.Mapping);
        Console.Error.WriteLine($"Queued {upload.FileName} ({upload.Size:N0} bytes) for {ws}; a running server takes it up within " +
            $"{imports.LeaseRenewal.TotalSeconds:0.#} s and shows its progress on the Import page.");
        Console.WriteLine(queued.Id);
        return 0;
    }
}
