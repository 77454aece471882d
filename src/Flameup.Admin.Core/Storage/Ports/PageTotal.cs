namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>The total of a paged read that the page itself already tells, so no store has to count it.</summary>
public static class PageTotal
{
    /// <summary>A first page shorter than its limit holds every match; otherwise null (count, or use a total read with the page).</summary>
    public static long? FromPage(int offset, int limit, int rows) => offset == 0 && rows < limit ? rows : null;
}
