package io.salesvelocity.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chart", mixinStandardHelpOptions = true,
    description = "Draw the figures the benchmark commands recorded (--record FILE on bench, bench duckdb, bench "
        + "latency, bench state) as a PNG: one bar per figure, its share of the goal on a logarithmic scale, so that "
        + "a bar past the line at 1 meets its goal whichever way the figure is better; each bar is labelled with "
        + "the figure itself.")
public final class BenchChartCommand implements Callable<Integer> {
  private static final int WIDTH = 1100;
  private static final int ROW = 34;
  private static final int LEFT = 430;
  private static final int RIGHT = 170;
  private static final double MIN = 0.05;
  private static final double MAX = 4;

  @Option(names = "--record", required = true, description = "the JSON Lines file the benchmarks appended to")
  Path record;

  @Option(names = "--out", required = true, description = "the PNG to write")
  Path out;

  @Option(names = "--title", defaultValue = "salesvelocity: measured against the goals of issue 25",
      description = "the chart's title (default: ${DEFAULT-VALUE})")
  String title;

  @Override
  public Integer call() throws Exception {
    List<BenchRecord> records = BenchRecord.read(record);
    int height = 90 + ROW * records.size() + 40;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(title, 20, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("share of the goal met (log scale; 1 = the goal, right of it = met)", LEFT, 58);
    int top = 75;
    int bottom = top + ROW * records.size();
    java.awt.Stroke plain = g.getStroke();
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    g.drawLine(x(1), top - 4, x(1), bottom); // the goal, under the bars and their labels
    g.setStroke(plain);
    for (int i = 0; i < records.size(); i++) {
      BenchRecord r = records.get(i);
      int y = top + i * ROW;
      double share = Math.max(MIN, Math.min(MAX, r.ofGoal()));
      int x1 = x(share);
      g.setColor(r.ofGoal() >= 1 ? new Color(0x2e, 0x8b, 0x57) : new Color(0xc0, 0x39, 0x2b));
      g.fillRect(x(MIN), y + 6, x1 - x(MIN), ROW - 12);
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(r.metric(), 20, y + ROW / 2 + 5);
      String detail = r.detail();
      int w = g.getFontMetrics().stringWidth(detail);
      g.setColor(Color.WHITE);
      g.fillRect(x1 + 3, y + 8, w + 6, ROW - 16); // legible where it crosses the goal's line
      g.setColor(Color.DARK_GRAY);
      g.drawString(detail, x1 + 6, y + ROW / 2 + 5);
    }
    g.setColor(Color.GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double tick : new double[] {0.05, 0.1, 0.25, 0.5, 1, 2, 4}) {
      g.drawLine(x(tick), bottom, x(tick), bottom + 4);
      g.drawString(tick + "", x(tick) - 8, bottom + 17);
    }
    g.dispose();
    ImageIO.write(image, "png", out.toFile());
    System.out.printf("%d figures drawn to %s%n", records.size(), out);
    return 0;
  }

  private static int x(double share) {
    double f = (Math.log(share) - Math.log(MIN)) / (Math.log(MAX) - Math.log(MIN));
    return LEFT + (int) Math.round(f * (WIDTH - LEFT - RIGHT));
  }
}
