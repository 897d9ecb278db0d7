package org.fixmyquarter.imaging.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Measures what JMH does not: the most heap the variant job occupies, and its CPU time per photo.
 * Run it in a JVM with the server's heap ({@code -Xmx256m}); it renders the photo
 * {@code photos} times on {@code threads} threads at once and prints one line of key=value pairs.
 *
 * <p>Two figures from the collectors' notifications: the most heap in use after a collection (live
 * data: the decoded photo and its renditions, sampled whenever a collection runs mid-job) and the
 * most in use before one (live data plus garbage: how full the collector lets the heap get). The
 * smallest {@code -Xmx} the job runs in, which run.sh searches for, bounds the true peak of live data.
 */
public final class HeapAndCpuProbe {

    private HeapAndCpuProbe() {
    }

    /**
     * @param args the photo, how many photos (default 10), how many at once (default 1)
     * @throws Exception if the job fails
     */
    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args[0]);
        int photos = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        VariantJob job = new VariantJob();
        Path warmOut = Files.createTempDirectory("fmq-probe-");
        for (int i = 0; i < 3; i++) {
            job.run(photo, warmOut); // lets the JIT compile the hot loops, as in a running server
        }
        System.gc();

        AtomicLong peakBeforeGc = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
                    peakBeforeGc.accumulateAndGet(used, Math::max);
                    peakAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                }
            }, null, null);
        }
        ThreadMXBean threadsBean = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        AtomicLongArray threadCpu = new AtomicLongArray(photos);
        long processCpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < photos; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    Path out = Files.createTempDirectory(warmOut, "p" + n);
                    long before = threadsBean.getCurrentThreadCpuTime();
                    job.run(photo, out);
                    threadCpu.set(n, threadsBean.getCurrentThreadCpuTime() - before);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long wall = System.nanoTime() - wallBefore;
        long processCpu = os.getProcessCpuTime() - processCpuBefore;
        long threadCpuTotal = 0;
        for (int i = 0; i < photos; i++) {
            threadCpuTotal += threadCpu.get(i);
        }
        System.out.printf("photos=%d threads=%d maxHeapMB=%.0f liveHeapAfterGcMB=%.1f heapBeforeGcMB=%.1f"
                        + " threadCpuMsPerPhoto=%.0f processCpuMsPerPhoto=%.0f wallMsPerPhoto=%.0f%n",
                photos, threads, mb(Runtime.getRuntime().maxMemory()), mb(peakAfterGc.get()), mb(peakBeforeGc.get()),
                threadCpuTotal / 1e6 / photos, processCpu / 1e6 / photos, wall / 1e6 / photos);
    }

    private static long heapUsed(Map<String, MemoryUsage> byPool) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = byPool.get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && usage != null) {
                used += usage.getUsed();
            }
        }
        return used;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
