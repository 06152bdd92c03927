/**
 * Word segmentation: {@link io.bianwei.internal.segment.Segmenter} is the only class that uses HanLP's segmenter.
 */
package io.bianwei.internal.segment;
