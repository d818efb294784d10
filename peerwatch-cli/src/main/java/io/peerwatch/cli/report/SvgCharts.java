package io.peerwatch.cli.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Charts as inline SVG, drawn here so that the report needs no chart library and no network. Every
 * drawn data element has the class {@code mark} (a test checks that each chart drew some); every
 * text goes through {@link HtmlReport#escape}.
 */
final class SvgCharts {

    /** A labelled value of a bar chart. */
    record Bar(String label, double value) {
    }

    /** One line of a line chart: x in epoch milliseconds, y in the chart's unit. */
    record Line(String name, String cssClass, double[] x, double[] y) {
    }

    /** A horizontal line across a line chart (a capacity), in the chart's unit. */
    record Limit(String name, String cssClass, double y) {
    }

    private static final int WIDTH = 760;
    private static final int LINE_HEIGHT = 280;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    private static final int TICKS = 5;
    private static final int BAR_HEIGHT = 20;
    private static final int BAR_GAP = 6;
    private static final int BAR_LABEL_WIDTH = 220;
    /** Longest label drawn in full; longer ones are cut (the table shows them whole). */
    private static final int MAX_LABEL = 30;

    private SvgCharts() {
    }

    /**
     * A time series chart with horizontal limits (the link's capacities).
     *
     * @param id element id
     * @param title accessible title
     * @param lines the lines, each with at least one point
     * @param limits horizontal lines (capacities), possibly none
     * @param format formats a y value for the axis
     */
    static String lineChart(String id, String title, List<Line> lines, List<Limit> limits, DoubleFunction<String> format) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = limits.stream().mapToDouble(Limit::y).max().orElse(0);
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                minX = Math.min(minX, l.x()[i]);
                maxX = Math.max(maxX, l.x()[i]);
                maxY = Math.max(maxY, l.y()[i]);
            }
        }
        if (maxX <= minX) {
            maxX = minX + 60_000; // one point: a minute wide
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = LINE_HEIGHT - TOP - BOTTOM;
        StringBuilder sb = open(id, title, WIDTH, LINE_HEIGHT);
        axes(sb, plotW, plotH);
        for (int t = 0; t <= TICKS; t++) {
            double v = maxY * t / TICKS;
            double y = TOP + plotH - plotH * (v / maxY);
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                    LEFT, LEFT + plotW, y, y));
            sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, HtmlReport.escape(format.apply(v))));
        }
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(maxX - minX > 2 * 86_400_000L ? "MM-dd HH:mm" : "HH:mm")
                .withZone(ZoneOffset.UTC);
        for (int t = 0; t <= TICKS; t++) {
            double xv = minX + (maxX - minX) * t / TICKS;
            double x = LEFT + plotW * (xv - minX) / (maxX - minX);
            sb.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x, TOP + plotH + 18, fmt.format(Instant.ofEpochMilli((long) xv))));
        }
        for (Limit limit : limits) {
            double y = TOP + plotH - plotH * (limit.y() / maxY);
            sb.append(String.format(Locale.ROOT, "<line class=\"mark %s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\">"
                    + "<title>%s</title></line>", limit.cssClass(), LEFT, LEFT + plotW, y, y,
                    HtmlReport.escape(limit.name() + " " + format.apply(limit.y()))));
        }
        for (Line l : lines) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < l.x().length; i++) {
                double x = LEFT + plotW * (l.x()[i] - minX) / (maxX - minX);
                double y = TOP + plotH - plotH * (l.y()[i] / maxY);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            if (l.x().length == 1) {
                String[] xy = pts.toString().trim().split(",");
                sb.append("<circle class=\"mark ").append(l.cssClass()).append("\" cx=\"").append(xy[0]).append("\" cy=\"")
                        .append(xy[1]).append("\" r=\"4\"><title>").append(HtmlReport.escape(l.name())).append("</title></circle>");
            } else {
                sb.append("<polyline class=\"mark ").append(l.cssClass()).append("\" points=\"").append(pts.toString().trim())
                        .append("\"><title>").append(HtmlReport.escape(l.name())).append("</title></polyline>");
            }
        }
        return sb.append("</svg>").toString();
    }

    /** Horizontal bars, largest first as given. */
    static String barChart(String id, String title, List<Bar> bars, DoubleFunction<String> format) {
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int height = TOP + bars.size() * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
        int plotW = WIDTH - BAR_LABEL_WIDTH - RIGHT - 90;
        StringBuilder sb = open(id, title, WIDTH, height);
        int y = TOP;
        for (Bar b : bars) {
            double w = Math.max(1, plotW * b.value() / max);
            String label = b.label().length() > MAX_LABEL ? b.label().substring(0, MAX_LABEL - 1) + "\u2026" : b.label();
            sb.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    BAR_LABEL_WIDTH - 8, y + BAR_HEIGHT - 5, HtmlReport.escape(label)));
            sb.append(String.format(Locale.ROOT, "<rect class=\"mark bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                    + "<title>%s</title></rect>", BAR_LABEL_WIDTH, y, w, BAR_HEIGHT,
                    HtmlReport.escape(b.label() + ": " + format.apply(b.value()))));
            sb.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text>",
                    BAR_LABEL_WIDTH + w + 6, y + BAR_HEIGHT - 5, HtmlReport.escape(format.apply(b.value()))));
            y += BAR_HEIGHT + BAR_GAP;
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, int width, int height) {
        return new StringBuilder().append("<svg class=\"chart\" id=\"").append(HtmlReport.escape(id))
                .append("\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\"><title>")
                .append(HtmlReport.escape(title)).append("</title>");
    }

    private static void axes(StringBuilder sb, int plotW, int plotH) {
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
                LEFT, LEFT + plotW, TOP + plotH, TOP + plotH));
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
                LEFT, LEFT, TOP, TOP + plotH));
    }
}
