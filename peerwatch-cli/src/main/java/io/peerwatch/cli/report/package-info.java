/**
 * The self-contained HTML report ({@code report.html}) of {@code analyze --report} and the demo:
 * {@link io.peerwatch.cli.report.ReportData} is what it shows, {@link io.peerwatch.cli.report.HtmlReport}
 * writes the page and {@link io.peerwatch.cli.report.SvgCharts} draws its charts as inline SVG, so the
 * file opens offline and loads nothing.
 */
package io.peerwatch.cli.report;
