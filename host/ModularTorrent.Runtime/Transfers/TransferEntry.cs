using ModularTorrent.Sdk.Protocols;
using ModularTorrent.Storage;

namespace ModularTorrent.Runtime.Transfers;

/// <summary>One transfer: its stored record and, while a handler runs it, the handler and its handle.</summary>
internal sealed class TransferEntry(TorrentRecord record)
{
    public TorrentRecord Record { get; set; } = record;

    public IProtocolHandler? Handler { get; private set; }

    public ITransferHandle? Handle { get; private set; }

    public string? StartError { get; set; }

    public void Attach(IProtocolHandler handler, ITransferHandle handle)
    {
        Handler = handler;
        Handle = handle;
    }

    public void Detach()
    {
        Handler = null;
        Handle = null;
    }

    public TransferSnapshot Snapshot()
    {
        var handle = Handle;
        var handlerName = Handler?.Name;
        TransferStatus status;
        if (handle is null)
        {
            status = Waiting();
        }
        else
        {
            try
            {
                status = handle.GetStatus();
            }
            catch (Exception ex)
            {
                status = Waiting() with { State = TransferState.Error, Error = $"Handler failed to report status: {ex.Message}" };
            }
        }

        return new TransferSnapshot(status, Record.SavePath, Record.AddedAt, Record.CompletedAt, handlerName);
    }

    private TransferStatus Waiting() => new()
    {
        Id = Record.Id,
        Name = Record.Name,
        State = TransferState.Waiting,
        Progress = Record.CompletedAt is null ? 0 : 1,
        SelectionPolicy = Record.SelectionPolicy,
        Limits = Record.Limits,
        Error = StartError,
    };
}
