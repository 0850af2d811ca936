package com.veritrace.media;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Origin media ({@code veritrace.media}): the limits of uploads and the sizes pictures
 * are made in. {@code maxPixels} is checked from the image's header, before it is decoded
 * (a decompression bomb is refused without allocating it); {@code maxItems} is per
 * product and per lot; {@code maxUploadSize} caps the whole request under
 * {@code /portal/media/}.
 */
@Validated
@ConfigurationProperties("veritrace.media")
public record MediaProperties(@DefaultValue("10MB") @NotNull DataSize maxImageSize,
		@DefaultValue("40000000") long maxPixels, @DefaultValue("100MB") @NotNull DataSize maxVideoSize,
		@DefaultValue("110MB") @NotNull DataSize maxUploadSize, @DefaultValue("12") int maxItems,
		@DefaultValue("1280") int displaySide, @DefaultValue("320") int thumbnailSide) {

	public MediaProperties {
		if (maxUploadSize.toBytes() < Math.max(maxImageSize.toBytes(), maxVideoSize.toBytes())) {
			throw new IllegalArgumentException("veritrace.media.max-upload-size (" + maxUploadSize
					+ ") must be at least max-image-size and max-video-size");
		}
	}

}
