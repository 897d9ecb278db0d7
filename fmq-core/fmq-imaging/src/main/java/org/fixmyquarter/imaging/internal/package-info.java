/**
 * How the imaging API does its work: recognising formats by their bytes, creating the decoders
 * without the JVM-wide ImageIO plugin registry, reading the orientation, scaling, blurring and
 * writing metadata-free JPEGs. Not exported: nothing here is a promise.
 */
package org.fixmyquarter.imaging.internal;
