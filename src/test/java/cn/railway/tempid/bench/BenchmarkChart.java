package cn.railway.tempid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
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
    List<Double> clients = new ArrayList<>();
    List<Double> journeys = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (JsonNode phase : report.path("phases")) {
      clients.add(phase.path("clients").asDouble());
      journeys.add(phase.path("journeysPerSecond").asDouble());
      p50.add(phase.path("issuedP50Millis").asDouble());
      p99.add(phase.path("issuedP99Millis").asDouble());
    }
    double ceiling = report.path("ceiling").path("journeysPerSecond").asDouble();

    XYChart throughput =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title("Journeys/s (apps: " + report.path("polling").asText("every 250 ms") + ")")
            .xAxisTitle("clients")
            .yAxisTitle("journeys/s")
            .build();
    if (!clients.isEmpty()) {
      throughput.addSeries("service (HTTP, PostgreSQL)", clients, journeys);
      List<Double> ceilingLine = clients.stream().map(c -> ceiling).toList();
      List<Double> half = clients.stream().map(c -> ceiling / 2).toList();
      throughput
          .addSeries("bare engine ceiling", clients, ceilingLine)
          .setMarker(SeriesMarkers.NONE);
      throughput.addSeries("target: 50 % of ceiling", clients, half).setMarker(SeriesMarkers.NONE);
    }
    throughput.getStyler().setYAxisMin(0.0);
    charts.add(throughput);

    XYChart latency =
        new XYChartBuilder()
            .width(640)
            .height(420)
            .title("submit → ISSUED")
            .xAxisTitle("clients")
            .yAxisTitle("ms")
            .build();
    if (!clients.isEmpty()) {
      latency.addSeries("p50", clients, p50);
      latency.addSeries("p99", clients, p99);
      latency
          .addSeries(
              "target p99 (at half throughput)",
              clients,
              clients.stream().map(c -> 2000.0).toList())
          .setMarker(SeriesMarkers.NONE);
    }
    latency.getStyler().setYAxisMin(0.0);
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
    List<Double> rates = new ArrayList<>();
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
        rates.add(o.path(item[0]).path("perSecond").asDouble());
      }
    }
    if (!names.isEmpty()) {
      online.addSeries("requests/s", names, rates);
    }
    online.getStyler().setLegendVisible(false);
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
}
