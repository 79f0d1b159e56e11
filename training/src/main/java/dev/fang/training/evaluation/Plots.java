package dev.fang.training.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG plots drawn with {@code java.awt} in headless mode (no plotting library): ROC with a log-scale FPR axis, score
 * histograms per class, and TPR at the operating points. Text is best-effort: on a machine without fonts the plots
 * are drawn without labels rather than failing.
 */
public final class Plots {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};
    private static final Color BENIGN = new Color(0x1f77b4);
    private static final Color MALICIOUS = new Color(0xd62728);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /** ROC curves of the splits, FPR on a log axis from {@code minFpr} to 1, target FPRs marked. */
    public static void roc(Path png, List<SplitEvaluation> splits, List<Double> targets) throws IOException {
        double minFpr = 1e-4;
        for (SplitEvaluation s : splits) {
            minFpr = Math.min(minFpr, Math.pow(10, Math.floor(Math.log10(1.0 / Math.max(1, s.benign())))));
        }
        double logMin = Math.log10(minFpr);
        Canvas c = new Canvas("ROC (held-out scores; FPR on a log scale)", "false-positive rate", "true-positive rate");
        c.frame();
        for (int e = (int) logMin; e <= 0; e++) {
            double x = c.x((e - logMin) / -logMin);
            c.gridX(x, e == 0 ? "100%" : e >= -4 ? percent(Math.pow(10, e)) : String.format(Locale.ROOT, "1e%d", e));
        }
        for (int i = 0; i <= 10; i += 2) {
            c.gridY(c.y(i / 10.0), String.format(Locale.ROOT, "%.1f", i / 10.0));
        }
        c.g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        c.g.setColor(Color.GRAY);
        for (double t : targets) {
            double x = c.x((Math.log10(t) - logMin) / -logMin);
            c.g.drawLine((int) x, TOP, (int) x, HEIGHT - BOTTOM);
        }
        c.g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < splits.size(); s++) {
            SplitEvaluation split = splits.get(s);
            double[][] curve = Metrics.rocCurve(split.maliciousScores(), split.benignScores());
            Path2D.Double path = new Path2D.Double();
            double previousY = c.y(0);
            for (int i = 0; i < curve[0].length; i++) {
                double fpr = Math.max(curve[0][i], minFpr);
                double x = c.x((Math.log10(fpr) - logMin) / -logMin);
                double y = c.y(curve[1][i]);
                if (i == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, previousY);
                    path.lineTo(x, y);
                }
                previousY = y;
            }
            c.g.setColor(SERIES[s % SERIES.length]);
            c.g.draw(path);
            c.legend(s, SERIES[s % SERIES.length], split.name() + String.format(Locale.ROOT, " (AUC %.4f)", split.rocAuc()));
        }
        c.write(png);
    }

    /** Histogram of held-out scores per class (40 bins on [0, 1], counts on a log scale), thresholds marked. */
    public static void histogram(Path png, SplitEvaluation split) throws IOException {
        int bins = 40;
        int[] mal = counts(split.maliciousScores(), bins);
        int[] ben = counts(split.benignScores(), bins);
        int max = 1;
        for (int b = 0; b < bins; b++) {
            max = Math.max(max, Math.max(mal[b], ben[b]));
        }
        double logMax = Math.ceil(Math.log10(max + 1));
        Canvas c = new Canvas("Score histogram: " + split.name(), "score", "packages (log scale)");
        c.frame();
        for (int i = 0; i <= 10; i += 2) {
            c.gridX(c.x(i / 10.0), String.format(Locale.ROOT, "%.1f", i / 10.0));
        }
        for (int e = 0; e <= logMax; e++) {
            c.gridY(c.y(e / logMax), String.valueOf((long) Math.pow(10, e)));
        }
        drawBars(c, ben, bins, logMax, BENIGN);
        drawBars(c, mal, bins, logMax, MALICIOUS);
        c.g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        c.g.setColor(Color.DARK_GRAY);
        for (OperatingPoint p : split.points()) {
            double x = c.x(Math.min(1, Math.max(0, p.threshold())));
            c.g.drawLine((int) x, TOP, (int) x, HEIGHT - BOTTOM);
            c.text(percent(p.targetFpr()), (int) x + 3, TOP + 14);
        }
        c.legend(0, BENIGN, "benign (" + split.benign() + ")");
        c.legend(1, MALICIOUS, "malicious (" + split.malicious() + ")");
        c.write(png);
    }

    /** TPR at each target FPR (log axis), one line per split, values printed. */
    public static void operatingPoints(Path png, List<SplitEvaluation> splits, List<Double> targets) throws IOException {
        double lo = Math.floor(Math.log10(targets.stream().mapToDouble(Double::doubleValue).min().orElse(1e-3))) - 0.3;
        double hi = Math.ceil(Math.log10(targets.stream().mapToDouble(Double::doubleValue).max().orElse(0.1))) + 0.3;
        Canvas c = new Canvas("Operating points: TPR at target FPR", "target false-positive rate", "true-positive rate");
        c.frame();
        for (double t : targets) {
            c.gridX(c.x((Math.log10(t) - lo) / (hi - lo)), percent(t));
        }
        for (int i = 0; i <= 10; i += 2) {
            c.gridY(c.y(i / 10.0), String.format(Locale.ROOT, "%.1f", i / 10.0));
        }
        c.g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < splits.size(); s++) {
            Color color = SERIES[s % SERIES.length];
            c.g.setColor(color);
            int px = -1;
            int py = -1;
            for (OperatingPoint p : splits.get(s).points()) {
                int x = (int) c.x((Math.log10(p.targetFpr()) - lo) / (hi - lo));
                int y = (int) c.y(p.tpr());
                c.g.fillOval(x - 5, y - 5, 10, 10);
                if (px >= 0) {
                    c.g.drawLine(px, py, x, y);
                }
                c.text(String.format(Locale.ROOT, "%.1f%%", 100 * p.tpr()), x + 8, s % 2 == 0 ? y - 8 : y + 18);
                c.g.setColor(color);
                px = x;
                py = y;
            }
            c.legend(s, color, splits.get(s).name());
        }
        c.write(png);
    }

    private static void drawBars(Canvas c, int[] counts, int bins, double logMax, Color color) {
        Path2D.Double outline = new Path2D.Double();
        outline.moveTo(c.x(0), c.y(0));
        for (int b = 0; b < bins; b++) {
            double h = counts[b] == 0 ? 0 : Math.log10(counts[b] + 1) / logMax;
            outline.lineTo(c.x((double) b / bins), c.y(h));
            outline.lineTo(c.x((double) (b + 1) / bins), c.y(h));
        }
        outline.lineTo(c.x(1), c.y(0));
        outline.closePath();
        c.g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 70));
        c.g.fill(outline);
        c.g.setColor(color);
        c.g.setStroke(new BasicStroke(1.5f));
        c.g.draw(outline);
    }

    private static int[] counts(double[] scores, int bins) {
        int[] counts = new int[bins];
        for (double s : scores) {
            counts[Math.min(bins - 1, Math.max(0, (int) (s * bins)))]++;
        }
        return counts;
    }

    static String percent(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%s", stripZeros(p))) + "%";
    }

    private static String stripZeros(double p) {
        String s = String.format(Locale.ROOT, "%.4f", p);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A plot area with axes, grid, legend and best-effort text. */
    private static final class Canvas {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        private final String title;
        private final String xLabel;
        private final String yLabel;
        private boolean fonts = true;

        Canvas(String title, String xLabel, String yLabel) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
        }

        double x(double fraction) {
            return LEFT + fraction * (WIDTH - LEFT - RIGHT);
        }

        double y(double fraction) {
            return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
        }

        void frame() {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            font(Font.BOLD, 15);
            text(title, LEFT, TOP - 18);
            font(Font.PLAIN, 13);
            text(xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2 - 60, HEIGHT - 20);
            Graphics2D rotated = (Graphics2D) g.create();
            try {
                rotated.rotate(-Math.PI / 2);
                rotated.setColor(Color.BLACK);
                if (fonts) {
                    rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM) / 2 + 60), 20);
                }
            } catch (RuntimeException | InternalError | LinkageError e) {
                fonts = false;
            } finally {
                rotated.dispose();
            }
            font(Font.PLAIN, 11);
        }

        void gridX(double x, String label) {
            Stroke saved = g.getStroke();
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine((int) x, TOP + 1, (int) x, HEIGHT - BOTTOM - 1);
            g.setColor(Color.BLACK);
            g.drawLine((int) x, HEIGHT - BOTTOM, (int) x, HEIGHT - BOTTOM + 5);
            text(label, (int) x - 12, HEIGHT - BOTTOM + 20);
            g.setStroke(saved);
        }

        void gridY(double y, String label) {
            Stroke saved = g.getStroke();
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT + 1, (int) y, WIDTH - RIGHT - 1, (int) y);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 5, (int) y, LEFT, (int) y);
            text(label, LEFT - 45, (int) y + 4);
            g.setStroke(saved);
        }

        void legend(int index, Color color, String label) {
            int y = TOP + 20 + 20 * index;
            int x = WIDTH - RIGHT - 300;
            g.setColor(color);
            g.fillRect(x, y - 9, 14, 10);
            text(label, x + 20, y);
        }

        void font(int style, int size) {
            try {
                g.setFont(new Font(Font.SANS_SERIF, style, size));
            } catch (RuntimeException | InternalError | LinkageError e) {
                fonts = false;
            }
        }

        void text(String text, int x, int y) {
            if (!fonts) {
                return;
            }
            Color saved = g.getColor();
            try {
                g.setColor(Color.BLACK);
                g.drawString(text, x, y);
            } catch (RuntimeException | InternalError | LinkageError e) {
                fonts = false;
            } finally {
                g.setColor(saved);
            }
        }

        void write(Path png) throws IOException {
            g.dispose();
            Files.createDirectories(png.toAbsolutePath().getParent());
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        }
    }
}
