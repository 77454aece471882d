using System.Net;
using System.Net.Sockets;

namespace Flameup.Admin.Web.Hosting;

/// <summary>The client a per-client limit counts against: the remote address (the proxy's X-Forwarded-For when
/// forwarded headers are on), an IPv6 client by its /64 network, since one host commonly owns a whole /64.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is null) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
