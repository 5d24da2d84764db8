using System.Globalization;
using System.Net;
using System.Text;

namespace SdnCtl.Cli.Bench;

/// <summary>A hand-written SVG line chart: y against x, with axes, ticks, labels and points.</summary>
internal static class SvgPlot
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 90;
    private const int Right = 30;
    private const int Top = 40;
    private const int Bottom = 60;

    /// <summary>Renders the chart. A log scale is used for x when the values span more than a factor of 20.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var inv = CultureInfo.InvariantCulture;
        double xMin = points.Count == 0 ? 0 : points.Min(p => p.X);
        double xMax = points.Count == 0 ? 1 : points.Max(p => p.X);
        bool logX = xMin > 0 && xMax / xMin > 20;
        double Fx(double x) => logX ? Math.Log10(x) : x;
        double fxMin = Fx(xMin), fxMax = Fx(xMax);
        if (fxMax - fxMin < 1e-9)
        {
            fxMin -= 1;
            fxMax += 1;
        }

        double yMax = points.Count == 0 ? 1 : points.Max(p => p.Y) * 1.1;
        if (yMax <= 0)
        {
            yMax = 1;
        }

        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Px(double x) => Left + ((Fx(x) - fxMin) / (fxMax - fxMin) * plotW);
        double Py(double y) => Top + plotH - (y / yMax * plotH);

        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(inv, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(inv, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");

        // Axes.
        svg.Append(inv, $"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Left + plotW}\" y2=\"{Top + plotH}\" stroke=\"black\"/>\n");
        svg.Append(inv, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\" stroke=\"black\"/>\n");

        // Y ticks: five steps from 0 to yMax, with light grid lines.
        for (int i = 0; i <= 5; i++)
        {
            double v = yMax * i / 5;
            double y = Py(v);
            svg.Append(inv, $"<line x1=\"{Left - 5}\" y1=\"{y:F1}\" x2=\"{Left + plotW}\" y2=\"{y:F1}\" stroke=\"{(i == 0 ? "black" : "#ddd")}\"/>\n");
            svg.Append(inv, $"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Escape(Short(v))}</text>\n");
        }

        // X ticks at the measured values.
        foreach (var (x, _) in points)
        {
            double px = Px(x);
            svg.Append(inv, $"<line x1=\"{px:F1}\" y1=\"{Top + plotH}\" x2=\"{px:F1}\" y2=\"{Top + plotH + 5}\" stroke=\"black\"/>\n");
            svg.Append(inv, $"<text x=\"{px:F1}\" y=\"{Top + plotH + 20}\" text-anchor=\"middle\">{Escape(Short(x))}</text>\n");
        }

        svg.Append(inv, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 15}\" text-anchor=\"middle\">{Escape(xLabel)}{(logX ? " (log scale)" : "")}</text>\n");
        svg.Append(inv, $"<text transform=\"translate(20,{Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");

        // The line and its points.
        var ordered = points.OrderBy(p => p.X).ToArray();
        if (ordered.Length > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
            foreach (var (x, y) in ordered)
            {
                svg.Append(inv, $"{Px(x):F1},{Py(y):F1} ");
            }

            svg.Append("\"/>\n");
        }

        foreach (var (x, y) in ordered)
        {
            svg.Append(inv, $"<circle cx=\"{Px(x):F1}\" cy=\"{Py(y):F1}\" r=\"4\" fill=\"#1f77b4\"><title>{Escape(Short(x))}: {Escape(Short(y))}</title></circle>\n");
            svg.Append(inv, $"<text x=\"{Px(x):F1}\" y=\"{Py(y) - 9:F1}\" text-anchor=\"middle\" font-size=\"10\">{Escape(Short(y))}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Short(double v) =>
        Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M"
        : Math.Abs(v) >= 1e3 ? (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k"
        : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
