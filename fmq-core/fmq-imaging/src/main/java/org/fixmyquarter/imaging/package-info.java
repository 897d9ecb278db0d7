/**
 * Photo intake: {@link org.fixmyquarter.imaging.PhotoInspector} tells what an uploaded file is
 * (from its bytes, never its name) and refuses what is not a whole JPEG, PNG or WebP within the
 * {@link org.fixmyquarter.imaging.ImageLimits}; {@link org.fixmyquarter.imaging.PhotoRenderer}
 * writes the {@link org.fixmyquarter.imaging.Rendition}s people see: baseline JPEGs, turned
 * upright, with the requested regions blurred and no metadata at all.
 */
package org.fixmyquarter.imaging;
