package org.fixmyquarter.imaging.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fixmyquarter.imaging.ImageRejectedException;
import org.fixmyquarter.imaging.RenderedFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per photo of {@link VariantJob}, one photo at a time, in a JVM limited to the server's
 * 256 MB heap. Run with {@code -prof gc} to see the bytes allocated per photo.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class VariantJobBenchmark {

    /** The source photo; made on the fly when empty. */
    @Param("")
    public String source;

    private final VariantJob job = new VariantJob();
    private Path photo;
    private Path out;
    private boolean generated;

    /** Makes the photo if none was given and the output folder. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (source.isEmpty()) {
            photo = Files.createTempFile("fmq-bench-", ".jpg");
            VariantJob.main(new String[] {photo.toString()});
            generated = true;
        } else {
            photo = Path.of(source);
        }
        out = Files.createTempDirectory("fmq-bench-out-");
    }

    /** Removes what the trial wrote. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (generated) {
            Files.delete(photo);
        }
    }

    /**
     * @return the files, so that the work cannot be optimised away
     */
    @Benchmark
    public List<RenderedFile> variants() throws IOException, ImageRejectedException {
        return job.run(photo, out);
    }
}
