package dev.lockstep.cli;

import dev.lockstep.patch.DrawOp;
import dev.lockstep.patch.RenderFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Rasterizes a {@link RenderFrame} with antialiased Java2D onto a black image. Conventions, those of
 * Oscilla's screen space: an instance's position (x, y) in [0, 1] maps to pixel (x · W, y · H), y = 0
 * at the top; lengths (ellipse rx and ry, rect width and height, a path's control points) are
 * fractions of the image width W, times the instance's size. Topology 0 is an ellipse (params rx, ry,
 * rotation), 1 a rectangle (width, height, rotation) centred on the position; a path pass draws its
 * control points as a polygon, filled when closed and stroked otherwise. Other topologies draw as
 * small ellipses. Instances draw in pass order, each pass in instance order (far to near).
 *
 * <p>One image is reused from frame to frame: the caller writes it out before the next {@link #draw}.
 */
final class FrameRaster {
    static final int ELLIPSE = 0;
    static final int RECT = 1;

    private final int width;
    private final int height;
    private final BufferedImage image;
    private final Graphics2D g;
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();
    private final Rectangle2D.Double rect = new Rectangle2D.Double();
    private final AffineTransform identity = new AffineTransform();

    FrameRaster(int width, int height) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    BufferedImage draw(RenderFrame frame) {
        g.setTransform(identity);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        for (DrawOp op : frame.ops()) {
            drawOp(op);
        }
        g.setTransform(identity);
        return image;
    }

    private void drawOp(DrawOp op) {
        float[] cps = op.controlPoints();
        Path2D.Double path = cps.length >= 4 ? polygon(cps, op.closed()) : null;
        double a = param(op, "rx", "width", 0.02);
        double b = param(op, "ry", "height", 0.02);
        double rot0 = param(op, "rotation", null, 0.0);
        boolean rectangle = op.topologyId() == RECT && path == null;
        if (path != null) {
            g.setStroke(new BasicStroke((float) (1.5 / Math.max(1e-9, width))));
        }
        for (int i = 0; i < op.count(); i++) {
            double s = op.size(i) * width;
            if (!(s > 0) || Double.isInfinite(s)) {
                continue;
            }
            g.setColor(new Color(op.color(i, 0), op.color(i, 1), op.color(i, 2), op.color(i, 3)));
            g.setTransform(identity);
            g.translate(op.x(i) * width, op.y(i) * height);
            double rot = rot0 + op.rotation(i);
            if (rot != 0) {
                g.rotate(rot);
            }
            g.scale(s, s);
            if (path != null) {
                if (op.closed()) {
                    g.fill(path);
                } else {
                    g.draw(path);
                }
            } else if (rectangle) {
                rect.setRect(-a / 2, -b / 2, a, b);
                g.fill(rect);
            } else {
                ellipse.setFrame(-a, -b, 2 * a, 2 * b);
                g.fill(ellipse);
            }
        }
    }

    /** The named geometry parameter (or the alternative name), else {@code dflt}. */
    private static double param(DrawOp op, String name, String alt, double dflt) {
        var names = op.paramNames();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).equals(name) || names.get(k).equals(alt)) {
                return op.param(k);
            }
        }
        return dflt;
    }

    private static Path2D.Double polygon(float[] cps, boolean closed) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(cps[0], cps[1]);
        for (int i = 2; i + 1 < cps.length; i += 2) {
            p.lineTo(cps[i], cps[i + 1]);
        }
        if (closed) {
            p.closePath();
        }
        return p;
    }
}
