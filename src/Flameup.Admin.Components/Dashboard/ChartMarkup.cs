using System.Net;
using MudBlazor;

namespace Flameup.Admin.Components.Dashboard;

/// <summary>
/// What reaches MudChart as labels. MudBlazor 9 writes the x-axis labels of its axis charts (bar, line, stacked bar, …)
/// into the SVG as raw markup, while the radial charts (donut, pie) show their labels in the legend as text. Labels are
/// data (trait keys come from the API and from CSV files), so every label of a chart that is not known to show them as
/// text is HTML-encoded here: either way the page shows exactly the label's characters, and never runs them.
/// (Tooltips show labels as text again; the dashboard's tooltips do not use <c>{{X_VALUE}}</c>, so none shows an
/// encoded label.)
/// </summary>
public static class ChartMarkup
{
    static bool ShowsLabelsAsText(ChartType type) => type is ChartType.Donut or ChartType.Pie;

    public static string[] Labels(ChartType type, string[] labels) =>
        ShowsLabelsAsText(type) ? labels : Array.ConvertAll(labels, l => WebUtility.HtmlEncode(l));
}
