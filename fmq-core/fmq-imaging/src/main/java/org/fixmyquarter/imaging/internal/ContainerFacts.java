package org.fixmyquarter.imaging.internal;

/**
 * What the file's container says beside the pixels.
 *
 * @param orientation the EXIF orientation, 1 (upright) to 8
 * @param animated    whether the container announces an animation
 * @param canvasWidth the canvas width an animated WebP announces, 0 when none
 * @param canvasHeight the canvas height an animated WebP announces, 0 when none
 */
public record ContainerFacts(Orientation orientation, boolean animated, int canvasWidth, int canvasHeight) {
}
