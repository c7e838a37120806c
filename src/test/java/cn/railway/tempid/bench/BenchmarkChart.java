package cn.railway.tempid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's figures as one PNG of four charts (XChart). {@code BenchmarkChart <json> <png>}
 * draws it again from a run's {@code benchmark.json}.
 */
public final class BenchmarkChart {
  private BenchmarkChart() {}

  public static void main(String[] args) throws IOException {
    draw(JourneyBenchmark.JSON.readTree(Path.of(args[0]).toFile()), Path.of(args[1]));
  }

  static void draw(JsonNode report, Path png) throws IOException {
    List<Chart<?, ?>> charts = new ArrayList<>();
    // every journey phase of the run: the long poll at each client count, paced, the peak
    List<String> phases = new ArrayList<>();
    List<JsonNode> phaseFigures = new ArrayList<>();
    for (JsonNode phase : report.path("phases")) {
      phases.add("long poll " + phase.path("clients").asInt());
      phaseFigures.add(phase);
    }
    if (report.path("paced").isObject()) {
      phases.add("paced");
      phaseFigures.add(report.path("paced"));
    }
    if (report.path("polling").isObject()) {
      phases.add("polling " + report.path("polling").path("clients").asInt());
      phaseFigures.add(report.path("polling"));
    }
    double ceiling = report.path("ceiling").path("journeysPerSecond").asDouble();
    double withoutJobs = report.path("ceilingSynchronous").path("journeysPerSecond").asDouble();

    CategoryChart throughput =
        new CategoryChartBuilder()
            .width(640)
            .height(420)
            .title("Journeys/s: bare-engine ceilings (with jobs, none), phases")
            .yAxisTitle("journeys/s")
            .build();
    List<String> bars = new ArrayList<>(List.of("ceiling", "no jobs"));
    bars.addAll(phases);
    List<Double> rates = new ArrayList<>(List.of(ceiling, withoutJobs));
    phaseFigures.forEach(f -> rates.add(f.path("journeysPerSecond").asDouble()));
    throughput.addSeries("journeys/s", bars, rates);
    throughput
        .addSeries(
            "target: 50 % of the ceiling without jobs",
            bars, bars.stream().map(b -> withoutJobs / 2).toList())
        .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line)
        .setMarker(SeriesMarkers.NONE);
    throughput.getStyler().setYAxisMin(0.0);
    throughput.getStyler().setXAxisLabelRotation(20);
    throughput.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    charts.add(throughput);

    CategoryChart latency =
        new CategoryChartBuilder()
            .width(640)
            .height(420)
            .title("Accepted submission → ISSUED")
            .yAxisTitle("ms")
            .build();
    if (!phases.isEmpty()) {
      latency.addSeries(
          "p50",
          phases,
          phaseFigures.stream().map(f -> ms(f, "acceptedToIssuedP50Millis")).toList());
      latency.addSeries(
          "p99",
          phases,
          phaseFigures.stream().map(f -> ms(f, "acceptedToIssuedP99Millis")).toList());
      latency
          .addSeries("target p99 (peak, paced)", phases, phases.stream().map(c -> 2000.0).toList())
          .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line)
          .setMarker(SeriesMarkers.NONE);
    }
    latency.getStyler().setYAxisMin(0.0);
    latency.getStyler().setXAxisLabelRotation(20);
    latency.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    charts.add(latency);

    CategoryChart online =
        new CategoryChartBuilder()
            .width(640)
            .height(420)
            .title("Requests/s, 16 connections (wrk)")
            .yAxisTitle("requests/s")
            .build();
    JsonNode o = report.path("online");
    List<String> names = new ArrayList<>();
    List<Double> requests = new ArrayList<>();
    for (String[] item :
        new String[][] {
          {"trivialEndpoint", "liveness probe"},
          {"verificationKeysEndpoint", "GET /verification-keys"},
          {"verifications", "verification"},
          {"qrJson", "QR JSON"},
          {"qrPng", "QR PNG"}
        }) {
      if (o.has(item[0])) {
        names.add(item[1]);
        requests.add(o.path(item[0]).path("perSecond").asDouble());
      }
    }
    if (!names.isEmpty()) {
      online.addSeries("requests/s", names, requests);
      double keys = o.path("verificationKeysEndpoint").path("perSecond").asDouble();
      online
          .addSeries(
              "target: 50 % of GET /verification-keys",
              names, names.stream().map(n -> keys / 2).toList())
          .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line)
          .setMarker(SeriesMarkers.NONE);
    }
    online.getStyler().setXAxisLabelRotation(20);
    online.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    charts.add(online);

    XYChart drain =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title(
                "Timer drain: "
                    + report.path("timerDrain").path("certificates").asInt()
                    + " certificates' renewal timers due at once")
            .xAxisTitle("seconds")
            .yAxisTitle("jobs due")
            .build();
    List<Double> t = new ArrayList<>();
    List<Double> backlog = new ArrayList<>();
    int i = 0;
    for (JsonNode b : report.path("timerDrain").path("backlogPerSecond")) {
      t.add((double) i++);
      backlog.add(b.asDouble());
    }
    if (!t.isEmpty()) {
      drain.addSeries("job backlog", t, backlog).setMarker(SeriesMarkers.NONE);
    }
    drain.getStyler().setLegendVisible(false);
    charts.add(drain);

    BitmapEncoder.saveBitmap(charts, 2, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A phase's figure in ms; a phase that measured none (-1: nothing issued) draws as 0. */
  private static double ms(JsonNode phase, String field) {
    return Math.max(0, phase.path(field).asDouble());
  }
}
