package org.frontierwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark's PNG (headless AWT): consumes the results tree, produces catch-up throughput
 * (ConsumerPerformance and each Frontier Watch mode) and p99 latency per commit interval and offered load, for every
 * shape, as bars at the median with min-max whiskers.
 */
final class Chart {

    private record Bar(String label, double median, double min, double max) {
    }

    private Chart() {
    }

    static void write(JsonNode r, Path png) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Bar> throughput = new ArrayList<>();
        List<Bar> latency = new ArrayList<>();
        for (Iterator<String> shapes = r.path("shapes").fieldNames(); shapes.hasNext(); ) {
            String shape = shapes.next();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("catch_up").path(shape).properties()
                    .iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith("_records_per_s")) {
                    throughput.add(bar(shape + " " + e.getKey().replace("_records_per_s", "")
                            .replace("consumer_performance", "CP").replace("exactly_once_v2", "EOS")
                            .replace("at_least_once", "ALOS"), e.getValue()));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("latency").path(shape).properties()
                    .iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> commit = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> rates = commit.getValue().properties()
                        .iterator(); rates.hasNext(); ) {
                    Map.Entry<String, JsonNode> rate = rates.next();
                    if (rate.getKey().startsWith("offered_")) {
                        latency.add(bar(shape + " " + rate.getKey().replaceAll("\\D", "") + "/s c"
                                + commit.getKey().replaceAll("\\D", ""), rate.getValue().path("p99_ms")));
                    }
                }
            }
        }
        BufferedImage img = new BufferedImage(1200, 520, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        JsonNode s = r.path("settings");
        g.drawString(String.format(Locale.ROOT,
                "Frontier Watch benchmark - git %s, %s, Kafka %s, %,d reports per shape",
                s.path("git_sha").asText(), s.path("jdk").asText(), s.path("kafka").asText(),
                        s.path("reports").asInt()),
                20, 24);
        panel(g, "Catch-up throughput (records/s)", throughput, 20, 50, 560, 440, new Color(0x3b6ea5));
        panel(g, "End-to-end p99 latency (ms), exactly-once", latency, 620, 50, 560, 440, new Color(0xc0504d));
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static Bar bar(String label, JsonNode stats) {
        return new Bar(label, stats.path("median").asDouble(Double.NaN), stats.path("min").asDouble(Double.NaN),
                stats.path("max").asDouble(Double.NaN));
    }

    private static void panel(Graphics2D g, String title, List<Bar> bars, int x, int y, int w, int h, Color fill) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, x, y + 14);
        int top = y + 30;
        int bottom = y + h - 60;
        double max = bars.stream().mapToDouble(b -> Double.isNaN(b.max()) ? 0 : b.max()).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        g.drawLine(x + 50, bottom, x + w, bottom);
        g.drawLine(x + 50, top, x + 50, bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            int yy = bottom - (int) ((bottom - top) * i / 4.0);
            g.drawString(String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v), x, yy + 4);
        }
        if (bars.isEmpty()) {
            return;
        }
        int slot = (w - 60) / bars.size();
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int bx = x + 60 + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            if (!Double.isNaN(b.median())) {
                int bh = (int) ((bottom - top) * b.median() / max);
                g.setColor(fill);
                g.fillRect(bx, bottom - bh, bw, bh);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f));
                int ymin = bottom - (int) ((bottom - top) * b.min() / max);
                int ymax = bottom - (int) ((bottom - top) * b.max() / max);
                int cx = bx + bw / 2;
                g.drawLine(cx, ymin, cx, ymax);
                g.drawLine(cx - 5, ymin, cx + 5, ymin);
                g.drawLine(cx - 5, ymax, cx + 5, ymax);
                g.drawString(String.format(Locale.ROOT, b.median() >= 100 ? "%,.0f" : "%.1f", b.median()), bx,
                        bottom - bh - 6);
            }
            g.setColor(Color.BLACK);
            g.drawString(b.label(), bx, bottom + 16 + (i % 3) * 14);
        }
    }
}
