package org.fixmyquarter.imaging.internal;

/**
 * What the file's container says beside the pixels.
 *
 * @param orientation the EXIF orientation, 1 (upright) to 8
 * @param animated    whether the container announces an animation
 * @param canvasWidth the canvas width an animated WebP announces, 0 when none
 * @param canvasHeight the canvas height an animated WebP announces, 0 when none
 * @param cut         whether the file is shorter than its container says (an interrupted upload)
 */
public record ContainerFacts(Orientation orientation, boolean animated, int canvasWidth, int canvasHeight,
        boolean cut) {

    ContainerFacts(Orientation orientation, boolean animated, int canvasWidth, int canvasHeight) {
        this(orientation, animated, canvasWidth, canvasHeight, false);
    }

    ContainerFacts asCut() {
        return new ContainerFacts(orientation, animated, canvasWidth, canvasHeight, true);
    }
}
