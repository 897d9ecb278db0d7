import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a photo-like JPEG just under the server's upload limit, for the benchmark's photos scenario.
 *
 * <pre>java PhotoJpeg.java OUT.jpg [WIDTH HEIGHT [MIN_BYTES MAX_BYTES]]</pre>
 *
 * Defaults: 4608 x 3456 (16 megapixels, a phone's main camera), between 9.5 MiB and 10 MiB - 1 byte,
 * because fmq.photos.max-bytes is 10485760 and the scenario is "the largest photo the server takes".
 * A smooth scene with sensor-like noise: noise is what makes a phone photo big (flat colours would
 * compress to a few hundred kB and the decoder would do far less work than on a real photo). The
 * size is reached by searching the JPEG quality, then, if no quality lands in the range, the noise.
 * JDK only (ImageIO), so it runs anywhere the server's JDK does; fixed seed, so runs are comparable.
 */
public class PhotoJpeg {

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3 && args.length != 5) {
            System.err.println("usage: java PhotoJpeg.java OUT.jpg [WIDTH HEIGHT [MIN_BYTES MAX_BYTES]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int width = args.length >= 3 ? Integer.parseInt(args[1]) : 4608;
        int height = args.length >= 3 ? Integer.parseInt(args[2]) : 3456;
        long min = args.length == 5 ? Long.parseLong(args[3]) : 9_961_472L;      // 9.5 MiB
        long max = args.length == 5 ? Long.parseLong(args[4]) : 10_485_759L;     // the limit is 10485760: below it
        for (double sigma : new double[] {10, 14, 20, 28, 40}) {
            BufferedImage image = scene(width, height, sigma);
            // The size grows with the quality; bisect it. 12 steps put it within 0.0002 of the best.
            double low = 0.30, high = 1.0;
            byte[] best = null;
            for (int step = 0; step < 12; step++) {
                double quality = step == 0 ? high : (low + high) / 2;
                byte[] jpeg = encode(image, (float) quality);
                if (jpeg.length >= min && jpeg.length <= max) {
                    best = jpeg;
                    System.out.printf("%s: %d x %d, noise %.0f, quality %.4f, %d bytes (%.2f MiB)%n",
                            out, width, height, sigma, quality, jpeg.length, jpeg.length / 1048576.0);
                    break;
                }
                if (step == 0 && jpeg.length < min) {
                    break;  // even the best quality is too small: more noise
                }
                if (jpeg.length > max) {
                    high = quality;
                } else {
                    low = quality;
                }
            }
            if (best != null) {
                Files.write(out, best);
                return;
            }
        }
        System.err.printf("no quality or noise gave %d to %d bytes at %d x %d: choose another size%n", min, max, width, height);
        System.exit(1);
    }

    /** Sky-to-ground gradients, a few soft shapes (edges for the encoder), and gaussian noise per channel. */
    static BufferedImage scene(int width, int height, double sigma) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        double[][] blobs = new double[24][];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                    (0.03 + random.nextDouble() * 0.12) * width, random.nextDouble() * 120 - 60,
                    random.nextDouble() * 120 - 60, random.nextDouble() * 120 - 60};
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            double v = (double) y / height;
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double r, g, b;
                if (v < 0.45) {                       // sky
                    r = 110 + 60 * v + 20 * u; g = 150 + 50 * v; b = 220 - 40 * v;
                } else {                              // street, walls, grass
                    r = 120 + 50 * Math.sin(9 * u) * (1 - v); g = 105 + 30 * Math.cos(7 * u + 3 * v); b = 90 + 25 * v;
                }
                for (double[] blob : blobs) {
                    double dx = x - blob[0], dy = y - blob[1];
                    if (dx * dx + dy * dy < blob[2] * blob[2]) {
                        r += blob[3]; g += blob[4]; b += blob[5];
                    }
                }
                r += random.nextGaussian() * sigma;
                g += random.nextGaussian() * sigma;
                b += random.nextGaussian() * sigma;
                row[x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    static int clamp(double c) {
        return (int) Math.max(0, Math.min(255, Math.round(c)));
    }

    static byte[] encode(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(12 << 20);
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
